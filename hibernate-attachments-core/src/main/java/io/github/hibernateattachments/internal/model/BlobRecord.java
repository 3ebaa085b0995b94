package io.github.hibernateattachments.internal.model;

import java.time.Instant;

import jakarta.persistence.Access;
import jakarta.persistence.AccessType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.Immutable;

/**
 * A row of {@code attachment_blobs}: the metadata of one stored file. Immutable once inserted; deleted only
 * after every row that references it (the foreign keys are {@code ON DELETE RESTRICT}).
 */
@Entity(name = BlobRecord.ENTITY_NAME)
@Table(name = BlobRecord.TABLE,
		uniqueConstraints = @UniqueConstraint(name = "uk_attachment_blobs_key", columnNames = "storage_key"),
		indexes = @Index(name = "ix_attachment_blobs_created_at", columnList = "created_at"))
@Access(AccessType.FIELD)
@Immutable
@BatchSize(size = 64)
public class BlobRecord implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	public static final String ENTITY_NAME = "AttachmentBlob";
	public static final String TABLE = "attachment_blobs";

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "attachment_blobs_seq")
	@SequenceGenerator(name = "attachment_blobs_seq", sequenceName = "attachment_blobs_seq", allocationSize = 50)
	private Long id;

	@Column(name = "storage_key", nullable = false, length = 128, updatable = false)
	private String key;

	@Column(name = "filename", nullable = false, length = 255, updatable = false)
	private String filename;

	@Column(name = "content_type", nullable = false, length = 255, updatable = false)
	private String contentType;

	@Column(name = "byte_size", nullable = false, updatable = false)
	private long byteSize;

	@Column(name = "checksum", nullable = false, length = 64, updatable = false)
	private String checksum;

	@Column(name = "service_name", nullable = false, length = 64, updatable = false)
	private String serviceName;

	@Column(name = "metadata", length = 4000, updatable = false)
	private String metadata;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected BlobRecord() {
	}

	public BlobRecord(String key, String filename, String contentType, long byteSize, String checksum,
			String serviceName, Instant createdAt) {
		this.key = key;
		this.filename = filename;
		this.contentType = contentType;
		this.byteSize = byteSize;
		this.checksum = checksum;
		this.serviceName = serviceName;
		this.createdAt = createdAt;
	}

	public Long getId() {
		return id;
	}

	public String getKey() {
		return key;
	}

	public String getFilename() {
		return filename;
	}

	public String getContentType() {
		return contentType;
	}

	public long getByteSize() {
		return byteSize;
	}

	public String getChecksum() {
		return checksum;
	}

	public String getServiceName() {
		return serviceName;
	}

	public String getMetadata() {
		return metadata;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}
}
