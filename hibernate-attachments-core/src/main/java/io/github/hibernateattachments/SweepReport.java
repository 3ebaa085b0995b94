package io.github.hibernateattachments;

import java.util.List;

/**
 * What a sweep ({@link Attachments#sweep()}) found and did.
 *
 * @param dryRun {@code true} if nothing was deleted, only counted
 * @param found unreferenced blobs older than the grace period (in a dry run: all of them)
 * @param deleted blob rows deleted (their files were queued in the outbox in the same transaction)
 * @param filesDeleted files deleted right after each batch committed
 * @param filesFailed files this sweep did not delete: their delete failed (they stay in the outbox for the
 *     worker), or an outbox worker running at the same time took them
 * @param sampleKeys up to 20 storage keys of the blobs found, for a report
 * @param youngerThanGracePeriod unreferenced blobs left alone because they are younger than the grace period
 *     (a transaction may be about to reference them); a later sweep takes those still unreferenced then
 */
public record SweepReport(boolean dryRun, long found, long deleted, long filesDeleted, long filesFailed,
		List<String> sampleKeys, long youngerThanGracePeriod) {

	public SweepReport {
		sampleKeys = List.copyOf( sampleKeys );
	}
}
