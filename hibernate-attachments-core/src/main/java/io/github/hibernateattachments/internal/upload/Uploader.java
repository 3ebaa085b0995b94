package io.github.hibernateattachments.internal.upload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.internal.model.AttachedAttribute;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.PurgeRecord;
import io.github.hibernateattachments.internal.outbox.Outbox;
import io.github.hibernateattachments.internal.Observers;
import io.github.hibernateattachments.internal.StorageRegistry;
import io.github.hibernateattachments.spi.AttachmentsObserver;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

import org.jboss.logging.Logger;

/**
 * Streams pending content into storage: upload intent first (own transaction), then one pass that detects
 * the content type, counts, digests and enforces the size limit, then verification. On any failure the file
 * and the intent are removed before the exception leaves.
 */
public final class Uploader {

	private static final Logger LOG = Logger.getLogger( Uploader.class );
	private static final int DETECTION_BUFFER = 64 * 1024;

	private final StorageRegistry storages;
	private final Outbox outbox;
	private final long maxSize;
	private final boolean recordIntents;
	private final AttachmentsObserver observer;
	private final ContentTypeDetector detector = new ContentTypeDetector();

	public Uploader(StorageRegistry storages, Outbox outbox, long maxSize, boolean recordIntents, AttachmentsObserver observer) {
		this.storages = storages;
		this.outbox = outbox;
		this.maxSize = maxSize;
		this.recordIntents = recordIntents;
		this.observer = observer;
	}

	/**
	 * @param attribute the attribute the content is attached to: its accepted content types and size limit
	 * @param owner names the entity attribute in error messages, e.g. {@code User#42.avatar}
	 * @return the blob row to insert (not yet persisted) and the intent to clear in the user's transaction
	 */
	public Upload upload(PendingContent content, AttachedAttribute attribute, String owner) {
		final String serviceName = storages.resolve( attribute.serviceOrNull() );
		final StorageService storage = storages.get( serviceName );
		final String key = KeyGenerator.newKey();
		final long limit = attribute.maxSizeOrZero() > 0 ? Math.min( maxSize, attribute.maxSizeOrZero() ) : maxSize;
		PurgeRecord intent = null;
		boolean stored = false;
		try {
			final ContentStream counted;
			final String contentType;
			final StoredObject result;
			try ( InputStream raw = content.open();
					BufferedInputStream buffered = new BufferedInputStream( raw, DETECTION_BUFFER ) ) {
				final String declared = content.contentTypeOrNull();
				final String detected = declared == null || !attribute.contentTypes().isEmpty()
						? detector.detect( buffered, content.filename() )
						: null;
				refuseUnaccepted( attribute, declared, detected, content, owner ); // before anything is recorded
				contentType = declared != null ? declared : detected;
				intent = recordIntents ? outbox.recordUploadIntent( key, serviceName, owner ) : null;
				counted = new ContentStream( buffered, limit );
				result = storage.store( key, counted, ContentDisposition.metadata( content.filename(), contentType == null ? "application/octet-stream" : contentType ) );
				stored = true;
			}
			catch (IOException e) {
				throw new UncheckedIOException( e );
			}
			verify( storage, serviceName, content, owner, key, counted, result );
			Observers.tell( () -> observer.stored( serviceName, counted.byteCount() ) );
			final BlobRecord blob = new BlobRecord( key, content.filename(), contentType, counted.byteCount(),
					counted.sha256Hex(), serviceName, outbox.now() );
			return new Upload( blob, intent );
		}
		catch (RuntimeException e) {
			if ( intent != null || stored ) {
				discard( storage, key, intent, stored );
			}
			throw translate( e, serviceName, content, owner, key, limit, limit < maxSize );
		}
	}

	private static void refuseUnaccepted(AttachedAttribute attribute, String declared, String detected,
			PendingContent content, String owner) {
		for ( String type : new String[] { detected, declared } ) {
			if ( type != null && !attribute.accepts( type ) ) {
				throw new AttachmentException( "Attachment '" + content.filename() + "' for " + owner + " has content"
						+ " type " + type + ( type.equals( declared ) ? " (declared)" : " (detected from its content)" )
						+ ", which @Attached(contentTypes = " + attribute.contentTypes() + ") does not accept;"
						+ " nothing was kept" );
			}
		}
	}

	private static void verify(StorageService storage, String serviceName, PendingContent content, String owner, String key, ContentStream counted, StoredObject result) {
		final long size = counted.byteCount();
		final long storedSize = storage.stat( key ).map( StoredObject::byteSize ).orElse( -1L );
		if ( result.byteSize() != size || storedSize != size ) {
			throw new AttachmentException( "Unable to store attachment '" + content.filename() + "' for " + owner
					+ ": storage service '" + serviceName + "' holds " + storedSize + " bytes under key '" + key
					+ "' but " + size + " were read; nothing was kept" );
		}
		final String expected = content.expectedChecksumOrNull();
		final String actual = counted.sha256Hex();
		if ( expected != null && !expected.equals( actual ) ) {
			throw new AttachmentException( "Checksum mismatch for attachment '" + content.filename() + "' for " + owner
					+ ": expected SHA-256 " + expected + " but the content has " + actual + "; nothing was kept" );
		}
	}

	private static RuntimeException translate(RuntimeException e, String serviceName, PendingContent content, String owner, String key, long limit,
			boolean attributeLimit) {
		if ( e instanceof AttachmentException && !( e.getCause() instanceof ContentStream.TooLargeException ) ) {
			return e;
		}
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof ContentStream.TooLargeException ) {
				return new AttachmentException( "Attachment '" + content.filename() + "' for " + owner
						+ " exceeds the maximum size of " + limit + " bytes (" + ( attributeLimit ? "@Attached(maxSize)"
								: "setting '" + AttachmentsSettings.MAX_SIZE + "'" ) + "); nothing was kept", e );
			}
		}
		return new AttachmentException( "Unable to store attachment '" + content.filename() + "' for " + owner
				+ " under key '" + key + "' in storage service '" + serviceName + "': " + e.getMessage()
				+ "; nothing was kept", e );
	}

	private void discard(StorageService storage, String key, PurgeRecord intent, boolean stored) {
		try {
			// a failed store leaves nothing by contract, but a failed verification leaves the file
			storage.delete( key );
			if ( intent != null ) {
				outbox.forget( java.util.List.of( intent.getId() ) );
			}
		}
		catch (RuntimeException cleanupFailure) {
			// the intent row stays and the worker removes the file after the grace period
			LOG.warnf( cleanupFailure, "Unable to clean up failed upload '%s' (stored: %s); the outbox worker will", key, stored );
		}
	}

	/** A stored file and the intent row that still guards it ({@code null} where intents are not recorded). */
	public record Upload(BlobRecord blob, PurgeRecord intent) {
	}
}
