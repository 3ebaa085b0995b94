package io.github.hibernateattachments;

import java.time.Instant;

/**
 * The state of the outbox of file deletes, for health checks: what waits, what is due, what keeps failing.
 *
 * @param rows outbox rows (purges waiting for their delete, uploads not yet committed or abandoned)
 * @param due rows whose time has come: the worker takes them at its next run
 * @param failing rows whose delete failed at least once
 * @param oldestDue when the longest-waiting due row became due, or {@code null} if none is due
 */
public record OutboxStatus(long rows, long due, long failing, Instant oldestDue) {
}
