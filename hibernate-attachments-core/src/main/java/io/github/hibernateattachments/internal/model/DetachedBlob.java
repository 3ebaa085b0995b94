package io.github.hibernateattachments.internal.model;

import java.time.Instant;

import jakarta.persistence.Access;
import jakarta.persistence.AccessType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * A row of {@code attachment_detached_blobs}: a blob an owner let go under {@code @PurgePolicy(DETACH)}, kept
 * until the application purges it. The row is a reference like any other: the sweeper never takes the blob,
 * and no other owner's PURGE deletes it. Written in the flush that detaches, deleted when an owner references
 * the blob again or the application purges it; the database deletes it with its blob.
 */
@Entity(name = DetachedBlob.ENTITY_NAME)
@Table(name = DetachedBlob.TABLE)
@Access(AccessType.FIELD)
public final class DetachedBlob {

	public static final String ENTITY_NAME = "AttachmentDetachedBlob";
	public static final String TABLE = "attachment_detached_blobs";
	public static final String BLOB_COLUMN = "blob_id";

	@Id
	private Long blobId;

	@MapsId
	@OneToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = BLOB_COLUMN, foreignKey = @ForeignKey(name = "fk_attachment_detached_blobs_blob_id"))
	@OnDelete(action = OnDeleteAction.CASCADE)
	private BlobRecord blob;

	@Column(name = "detached_at", nullable = false, updatable = false)
	private Instant detachedAt;

	protected DetachedBlob() {
	}

	public DetachedBlob(BlobRecord blob, Instant detachedAt) {
		this.blob = blob;
		this.detachedAt = detachedAt;
	}

	public Long getBlobId() {
		return blobId;
	}

	public BlobRecord getBlob() {
		return blob;
	}

	public Instant getDetachedAt() {
		return detachedAt;
	}
}
