package io.github.hibernateattachments.internal.model;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.internal.AssertionFailure;
import io.github.hibernateattachments.internal.upload.PendingContent;

/**
 * Lets the internals read and bind the private state of {@link Attachment} without widening its public API.
 * {@code Attachment} installs the only implementation from its static initializer.
 */
public abstract class AttachmentAccess {

	/** The name of {@code Attachment}'s association to its blob row, for entity graphs and queries. */
	public static final String BLOB_ATTRIBUTE = "blob";

	private static volatile AttachmentAccess instance;

	public static void install(AttachmentAccess access) {
		if ( instance != null && instance.getClass() != access.getClass() ) {
			throw new AssertionFailure( "AttachmentAccess installed twice" );
		}
		instance = access;
	}

	public static AttachmentAccess get() {
		AttachmentAccess access = instance;
		if ( access == null ) {
			try {
				Class.forName( Attachment.class.getName(), true, Attachment.class.getClassLoader() );
			}
			catch (ClassNotFoundException e) {
				throw new AssertionFailure( "Attachment class not found", e );
			}
			access = instance;
		}
		return access;
	}

	public static BlobRecord blobOf(Attachment attachment) {
		return attachment == null ? null : get().blob( attachment );
	}

	public static PendingContent pendingOf(Attachment attachment) {
		return attachment == null ? null : get().pending( attachment );
	}

	public static void bindBlob(Attachment attachment, BlobRecord blob) {
		get().bind( attachment, blob );
	}


	protected abstract BlobRecord blob(Attachment attachment);

	protected abstract PendingContent pending(Attachment attachment);

	protected abstract void bind(Attachment attachment, BlobRecord blob);
}
