package io.github.hibernateattachments;

import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import io.github.hibernateattachments.internal.model.AttachmentAccess;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.upload.PendingContent;

import jakarta.persistence.Access;
import jakarta.persistence.AccessType;
import jakarta.persistence.Embeddable;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Transient;

/**
 * A stored file held by an entity attribute annotated {@link Attached}.
 * <p>
 * Create one from content, assign it, and the file is streamed to storage when the owner is persisted or
 * flushed, before the transaction commits:
 * <pre>{@code
 * user.setAvatar(Attachment.of(Path.of("me.png")));
 * user.getPhotos().add(Attachment.of(bytes, "beach.jpg"));
 * }</pre>
 * Until then the attachment is <em>pending</em> ({@link #isStored()} is {@code false}) and only its filename
 * is known. Once stored, it describes an immutable blob: key, filename, content type, size, checksum. Read its
 * content with {@link Attachments#openStream(Attachment)}.
 * <p>
 * To share a stored file between two owners assign the same instance, or {@link #copy()}, to both: the blob
 * is then purged only when the last reference goes.
 * <p>
 * This class is a JPA embeddable: it holds a single foreign key to the blob row, loaded lazily.
 */
@Embeddable
@Access(AccessType.FIELD)
public class Attachment implements Serializable {

	private static final long serialVersionUID = 1L;

	static {
		AttachmentAccess.install( new Access() );
	}

	@ManyToOne(fetch = FetchType.LAZY)
	@JoinColumn(name = "blob_id")
	private BlobRecord blob;

	@Transient
	private transient PendingContent pending;

	/**
	 * For Hibernate only.
	 */
	protected Attachment() {
	}

	private Attachment(PendingContent pending) {
		this.pending = pending;
	}

	private Attachment(BlobRecord blob) {
		this.blob = blob;
	}

	/**
	 * A pending attachment with the content of {@code file}, named after the file. The file is read when the
	 * owner is flushed, not now; it must still exist then.
	 *
	 * @throws AttachmentException if {@code file} is not a readable regular file
	 */
	public static Attachment of(Path file) {
		Objects.requireNonNull( file, "file" );
		if ( !Files.isRegularFile( file ) || !Files.isReadable( file ) ) {
			throw new AttachmentException( "Unable to attach '" + file + "': not a readable regular file" );
		}
		final Path name = file.getFileName();
		return new Attachment( PendingContent.ofPath( file, name == null ? file.toString() : name.toString() ) );
	}

	/**
	 * A pending attachment with the given bytes (copied) and filename.
	 */
	public static Attachment of(byte[] content, String filename) {
		Objects.requireNonNull( content, "content" );
		return new Attachment( PendingContent.ofBytes( content.clone(), filename ) );
	}

	/**
	 * A pending attachment that reads {@code content} once, to its end, when the owner is flushed. The
	 * extension closes the stream after reading it.
	 */
	public static Attachment of(InputStream content, String filename) {
		Objects.requireNonNull( content, "content" );
		return new Attachment( PendingContent.ofStream( content, filename ) );
	}

	/**
	 * A copy of this pending attachment with its content type set explicitly instead of detected.
	 *
	 * @throws AttachmentException if this attachment is already stored
	 */
	public Attachment withContentType(String contentType) {
		return new Attachment( pendingOrFail( "set its content type" ).withContentType( contentType ) );
	}

	/**
	 * A copy of this pending attachment that is stored only if its content's SHA-256 checksum, in lower-case
	 * hex, equals {@code sha256Hex}; otherwise the flush fails and nothing is kept.
	 *
	 * @throws AttachmentException if this attachment is already stored
	 */
	public Attachment withExpectedChecksum(String sha256Hex) {
		return new Attachment( pendingOrFail( "set its expected checksum" ).withExpectedChecksum( sha256Hex ) );
	}

	/**
	 * @return a new reference to the same stored blob, to assign to another owner
	 * @throws AttachmentException if this attachment is not stored yet
	 */
	public Attachment copy() {
		return new Attachment( blobOrFail( "copy it" ) );
	}

	/**
	 * @return {@code true} once the content is in storage and the blob row exists (after the owner's flush)
	 */
	public boolean isStored() {
		return blob != null;
	}

	/**
	 * @return the original filename (never a path)
	 */
	public String filename() {
		return blob != null ? blob.getFilename() : pending.filename();
	}

	/**
	 * @return the stored content type, detected from the content and filename unless set explicitly
	 * @throws AttachmentException if this attachment is not stored yet
	 */
	public String contentType() {
		return blobOrFail( "read its content type" ).getContentType();
	}

	/**
	 * @return the size of the stored content in bytes
	 * @throws AttachmentException if this attachment is not stored yet
	 */
	public long byteSize() {
		return blobOrFail( "read its size" ).getByteSize();
	}

	/**
	 * @return the SHA-256 checksum of the stored content, lower-case hex
	 * @throws AttachmentException if this attachment is not stored yet
	 */
	public String checksum() {
		return blobOrFail( "read its checksum" ).getChecksum();
	}

	/**
	 * @return the unguessable storage key of the blob
	 * @throws AttachmentException if this attachment is not stored yet
	 */
	public String key() {
		return blobOrFail( "read its key" ).getKey();
	}

	/**
	 * @return the name of the storage service that holds the file
	 * @throws AttachmentException if this attachment is not stored yet
	 */
	public String serviceName() {
		return blobOrFail( "read its storage service" ).getServiceName();
	}

	/**
	 * @return when the blob was stored
	 * @throws AttachmentException if this attachment is not stored yet
	 */
	public Instant createdAt() {
		return blobOrFail( "read its creation time" ).getCreatedAt();
	}

	private BlobRecord blobOrFail(String action) {
		if ( blob == null ) {
			throw new AttachmentException( "Unable to " + action + ": attachment '" + pending.filename()
					+ "' is not stored yet; it is stored when its owner is persisted or flushed" );
		}
		return blob;
	}

	private PendingContent pendingOrFail(String action) {
		if ( pending == null ) {
			throw new AttachmentException( "Unable to " + action + ": attachment '" + blob.getFilename()
					+ "' is already stored as blob '" + blob.getKey() + "'" );
		}
		return pending;
	}

	/**
	 * Two stored attachments are equal when they reference the same blob; a pending one equals only itself.
	 */
	@Override
	public boolean equals(Object o) {
		if ( this == o ) {
			return true;
		}
		if ( !( o instanceof Attachment other ) || blob == null || other.blob == null ) {
			return false;
		}
		// ids, not keys: reading an id never initializes a lazy blob
		return Objects.equals( blob.getId(), other.blob.getId() );
	}

	@Override
	public int hashCode() {
		return blob == null ? System.identityHashCode( this ) : Objects.hashCode( blob.getId() );
	}

	@Override
	public String toString() {
		return blob == null
				? "Attachment[pending '" + pending.filename() + "']"
				: "Attachment[blob #" + blob.getId() + "]";
	}

	private static final class Access extends AttachmentAccess {
		@Override
		protected BlobRecord blob(Attachment attachment) {
			return attachment.blob;
		}

		@Override
		protected PendingContent pending(Attachment attachment) {
			return attachment.pending;
		}

		@Override
		protected void bind(Attachment attachment, BlobRecord blob) {
			attachment.blob = blob;
			attachment.pending = null;
		}

	}
}
