package io.github.hibernateattachments;

import java.util.List;

/**
 * What a reconciliation ({@link Attachments#reconcile(boolean, boolean)}) found between storage and database.
 *
 * @param filesScanned objects listed in storage
 * @param orphanFiles files older than the grace period that no blob row describes and no outbox row
 *     accounts for (examples in {@code orphanFileSamples})
 * @param orphanFilesDeleted how many of them were deleted (0 in a dry run)
 * @param rowsScanned blob rows checked
 * @param rowsWithoutFile blob rows whose file is missing (keys in {@code problemSamples}); reported, never
 *     deleted
 * @param rowsWithWrongSize blob rows whose file has another size than recorded; reported, never deleted
 * @param rowsWithWrongChecksum blob rows whose file has another SHA-256 than recorded (checked only when
 *     asked, as it reads every file); reported, never deleted
 * @param orphanFileSamples up to 20 keys of orphan files
 * @param problemSamples up to 20 descriptions of rows with a missing or damaged file
 */
public record ReconcileReport(long filesScanned, long orphanFiles, long orphanFilesDeleted, long rowsScanned,
		long rowsWithoutFile, long rowsWithWrongSize, long rowsWithWrongChecksum, List<String> orphanFileSamples,
		List<String> problemSamples) {

	public ReconcileReport {
		orphanFileSamples = List.copyOf( orphanFileSamples );
		problemSamples = List.copyOf( problemSamples );
	}

	/** @return {@code true} if storage and database agree */
	public boolean consistent() {
		return orphanFiles == orphanFilesDeleted && rowsWithoutFile == 0 && rowsWithWrongSize == 0 && rowsWithWrongChecksum == 0;
	}
}
