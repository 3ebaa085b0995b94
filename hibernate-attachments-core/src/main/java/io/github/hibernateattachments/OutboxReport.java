package io.github.hibernateattachments;

/**
 * What one run of the outbox worker ({@link Attachments#processOutbox()}) did.
 *
 * @param claimed outbox rows that were due and claimed by this worker
 * @param deleted files deleted from storage (their rows are gone)
 * @param failed storage deletes that failed; their rows stay, due again after a backoff
 * @param kept upload intents whose blob row had committed after all: the file was kept, the row dropped
 */
public record OutboxReport(int claimed, int deleted, int failed, int kept) {
}
