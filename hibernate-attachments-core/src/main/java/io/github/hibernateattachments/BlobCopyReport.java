package io.github.hibernateattachments;

import java.util.List;

/**
 * What {@link Attachments#copyBlobs(String, String)} or {@link Attachments#moveBlobs(String, String)} did.
 *
 * @param blobs blob rows recorded with the source service that were examined
 * @param copied files copied to the target, each read back and its SHA-256 compared with the blob row's
 * @param alreadyPresent files the target held already, with the recorded size and SHA-256
 * @param reassigned blob rows now recorded with the target service (0 for a copy)
 * @param vanished blob rows deleted by the application while they were copied; their copies were removed again
 * @param failed blobs that could not be copied or verified (a missing or damaged source file, a store failure);
 *     their rows are unchanged and nothing was left in the target
 * @param failureSamples up to 20 descriptions of failures
 */
public record BlobCopyReport(long blobs, long copied, long alreadyPresent, long reassigned, long vanished, long failed,
		List<String> failureSamples) {

	public BlobCopyReport {
		failureSamples = List.copyOf( failureSamples );
	}

	/** @return {@code true} if every blob is in the target now */
	public boolean complete() {
		return failed == 0;
	}
}
