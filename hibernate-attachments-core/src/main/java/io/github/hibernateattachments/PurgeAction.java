package io.github.hibernateattachments;

/**
 * What happens to an attachment's blob row and file when its owner is deleted, or when the attachment is
 * replaced or removed from the owner. Chosen per attribute or per entity with {@link PurgePolicy}.
 */
public enum PurgeAction {

	/**
	 * Cascade: the blob row is deleted in the same flush, after the rows that reference it, and the file is
	 * deleted after commit. A blob still referenced by another row is kept. The default.
	 */
	PURGE,

	/**
	 * Restrict: deleting the owner, or replacing or removing the attachment, fails with an
	 * {@link AttachmentException} and changes nothing. Remove the attachment under another policy first.
	 */
	RESTRICT,

	/**
	 * Nullify: the reference goes; the blob row and its file stay until the application purges them
	 * ({@link Attachments#detachedFiles()}, {@link Attachments#purgeDetached(String)}). The decision is recorded in
	 * the same flush; the sweeper never collects a detached blob, and another owner's PURGE does not delete it.
	 */
	DETACH
}
