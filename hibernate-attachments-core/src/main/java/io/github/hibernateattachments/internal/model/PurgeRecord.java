package io.github.hibernateattachments.internal.model;

import java.time.Instant;

import jakarta.persistence.Access;
import jakarta.persistence.AccessType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * A row of the {@code attachment_purges} outbox: a file that must be deleted from storage once
 * {@code due_at} has passed, unless the row is gone by then.
 * <ul>
 *     <li>{@link Reason#PURGE} rows are inserted in the transaction that deletes the blob row, so the file is
 *     deleted if and only if that transaction commits.</li>
 *     <li>{@link Reason#UPLOAD} rows (upload intents) are committed in their own short transaction before a
 *     file is uploaded, and deleted by the transaction that inserts the blob row. If that transaction never
 *     commits, the row stays and the file is removed after the grace period.</li>
 * </ul>
 */
@Entity(name = PurgeRecord.ENTITY_NAME)
@Table(name = PurgeRecord.TABLE, indexes = {
		@Index(name = "ix_attachment_purges_due_at", columnList = "due_at"),
		@Index(name = "ix_attachment_purges_key", columnList = "storage_key")
})
@Access(AccessType.FIELD)
public final class PurgeRecord {

	public static final String ENTITY_NAME = "AttachmentPurge";
	public static final String TABLE = "attachment_purges";

	/** Why a file is queued for deletion. */
	public enum Reason {
		/** The blob row was deleted by a purge or a sweep. */
		PURGE,
		/** An upload whose blob row has not been committed (yet). */
		UPLOAD
	}

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "attachment_purges_seq")
	@SequenceGenerator(name = "attachment_purges_seq", sequenceName = "attachment_purges_seq", allocationSize = 50)
	private Long id;

	@Column(name = "storage_key", nullable = false, length = 128)
	private String key;

	@Column(name = "service_name", nullable = false, length = 64)
	private String serviceName;

	@Enumerated(EnumType.STRING)
	@Column(name = "reason", nullable = false, length = 16)
	private Reason reason;

	@Column(name = "due_at", nullable = false)
	private Instant dueAt;

	@Column(name = "attempts", nullable = false)
	private int attempts;

	@Column(name = "last_error", length = 1000)
	private String lastError;

	protected PurgeRecord() {
	}

	public PurgeRecord(String key, String serviceName, Reason reason, Instant dueAt) {
		this.key = key;
		this.serviceName = serviceName;
		this.reason = reason;
		this.dueAt = dueAt;
	}

	public Long getId() {
		return id;
	}

	public String getKey() {
		return key;
	}

	public String getServiceName() {
		return serviceName;
	}

	public Reason getReason() {
		return reason;
	}

	public Instant getDueAt() {
		return dueAt;
	}

	public int getAttempts() {
		return attempts;
	}

	public String getLastError() {
		return lastError;
	}

	/** The error as the {@code last_error} column holds it: its first 1,000 characters. */
	public static String truncatedError(String error) {
		return error == null ? null : error.substring( 0, Math.min( error.length(), 1000 ) );
	}

	/** The id assigned by the set-based insert of {@link io.github.hibernateattachments.internal.outbox.OutboxTable}, from this entity's own generator. */
	public void assignId(Long id) {
		this.id = id;
	}

	public void failed(String error, Instant nextAttempt) {
		this.attempts++;
		this.lastError = truncatedError( error );
		this.dueAt = nextAttempt;
	}
}
