package io.github.hibernateattachments;

import java.time.Duration;

/**
 * Every configuration property of hibernate-attachments, read once when the {@code SessionFactory} boots,
 * from the persistence unit properties (or {@code hibernate.properties}, or Spring's
 * {@code spring.jpa.properties.*}). Durations are a number of seconds, ISO-8601 ({@code PT30S}) or a number
 * with a unit ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}); sizes are a number of bytes or a
 * number with a unit ({@code 512KB}, {@code 10MB}, {@code 1GB}: powers of 1024). A key under {@link #PREFIX}
 * that is none of these constants is logged as a warning at boot.
 */
public final class AttachmentsSettings {

	/** The common prefix of every setting. */
	public static final String PREFIX = "hibernate.attachments.";

	/**
	 * Whether the extension is active. Boolean, default {@code true}. When {@code false} the listeners and the
	 * delete planner are not installed; the mapping (tables and foreign keys) is unchanged.
	 */
	public static final String ENABLED = PREFIX + "enabled";

	/**
	 * Prefix of the storage services' settings: {@code hibernate.attachments.services.<name>.<key>}. Each service
	 * has a {@code type} ({@code disk}, {@code memory}, {@code mirror}, {@code gcs} with the gcs module, any type
	 * of a {@link io.github.hibernateattachments.spi.StorageServiceFactory} on the class path, or the name of a
	 * class implementing {@code StorageService} or {@code StorageServiceFactory}) and that type's own keys:
	 * <pre>
	 * hibernate.attachments.services.local.type=disk
	 * hibernate.attachments.services.local.root=/var/lib/app/files
	 * hibernate.attachments.services.archive.type=disk
	 * hibernate.attachments.services.archive.root=/mnt/archive
	 * hibernate.attachments.service=local
	 * </pre>
	 * Instead of a type: {@code <name>.bean}, the name of a {@code StorageService} bean of the application's
	 * container (CDI, Spring), resolved through Hibernate's bean registry; or {@code hibernate.attachments.services.<name>}
	 * itself set to a {@code StorageService} instance in the settings map. Each blob row records the name of the
	 * service that stored it; reading and purging use that service.
	 */
	public static final String SERVICES = PREFIX + "services.";

	/**
	 * The name of the storage service that stores new files of attributes whose {@code @Attached(service)} is empty.
	 * Optional when a single service is configured.
	 */
	public static final String SERVICE = PREFIX + "service";

	/**
	 * The single storage of earlier versions, still accepted when no {@link #SERVICES} is configured; it records
	 * blobs under the backend's own name ({@code disk}, {@code memory}). Either a
	 * {@link io.github.hibernateattachments.spi.StorageService} instance, the name of a class implementing it
	 * with a public no-argument constructor, or a built-in backend: {@code disk} (default, needs
	 * {@link #STORAGE_DISK_ROOT}) or {@code memory} (for tests; forgets everything when the JVM exits).
	 * Equivalent: {@code services.disk.type=disk} and {@code services.disk.root=<folder>}.
	 */
	public static final String STORAGE = PREFIX + "storage";

	/**
	 * The root folder of the {@code disk} storage of {@link #STORAGE}. A path, no default: required when {@link #STORAGE} is
	 * {@code disk}; for named services, {@code services.<name>.root}. Created if missing. Files are never written or read outside it.
	 */
	public static final String STORAGE_DISK_ROOT = PREFIX + "storage.disk.root";

	/**
	 * The largest file accepted. Size ({@code 10MB}, or a number of bytes), default {@link Defaults#MAX_SIZE}
	 * (1 GiB). Larger content
	 * fails the flush with an {@link AttachmentException} and nothing is kept.
	 */
	public static final String MAX_SIZE = PREFIX + "max_size";

	/**
	 * How long an upload may stay uncommitted before the outbox worker deletes its file as abandoned (the
	 * process died, or the transaction never committed). Duration, default {@link Defaults#UPLOAD_GRACE_PERIOD}.
	 * Must be longer than your longest transaction that attaches files.
	 */
	public static final String UPLOAD_GRACE_PERIOD = PREFIX + "upload.grace_period";

	/**
	 * The first delay before the outbox worker retries a storage delete that failed after commit; it doubles
	 * at each attempt up to {@link #PURGE_MAX_RETRY_DELAY}. Duration, default {@link Defaults#PURGE_RETRY_DELAY}.
	 * Files purged by a commit are deleted right after it; the worker takes over only on failure or crash.
	 */
	public static final String PURGE_RETRY_DELAY = PREFIX + "purge.retry_delay";

	/**
	 * The longest delay between two retries of a failing storage delete. Duration, default
	 * {@link Defaults#PURGE_MAX_RETRY_DELAY}.
	 */
	public static final String PURGE_MAX_RETRY_DELAY = PREFIX + "purge.max_retry_delay";

	/**
	 * How many outbox rows the worker claims and deletes per transaction. Integer, default
	 * {@link Defaults#OUTBOX_BATCH_SIZE}.
	 */
	public static final String OUTBOX_BATCH_SIZE = PREFIX + "outbox.batch_size";

	/**
	 * Whether queued entity deletes are sorted child-first by the foreign-key graph before each flush
	 * executes them, for every entity (not only attachment owners). Boolean, default {@code true}.
	 */
	public static final String DELETE_ORDERING = PREFIX + "delete_ordering";

	/**
	 * Whether the delete planner also reads the foreign keys the database itself has between mapped tables
	 * (through JDBC metadata, once, on the session's connection at the first flush that deletes), so that a key
	 * a migration created for a column the mapping sees as a plain value orders deletes too. Boolean, default
	 * {@code true}; a failed read logs a warning and the planner goes on with the mapped keys.
	 */
	public static final String DELETE_ORDERING_DATABASE_KEYS = PREFIX + "delete_ordering.database_foreign_keys";

	/**
	 * How old an unreferenced blob must be before a sweep deletes it, so that a blob stored a moment ago for a
	 * transaction still in flight is never touched. Duration, default {@link Defaults#SWEEP_GRACE_PERIOD}.
	 */
	public static final String SWEEP_GRACE_PERIOD = PREFIX + "sweep.grace_period";

	/**
	 * How many unreferenced blobs a sweep deletes per transaction. Integer, default
	 * {@link Defaults#SWEEP_BATCH_SIZE}.
	 */
	public static final String SWEEP_BATCH_SIZE = PREFIX + "sweep.batch_size";

	/**
	 * Where the upload intent of a file being stored is recorded: {@code own_transaction} (default) or
	 * {@code none}. With {@code own_transaction}, the intent row commits on a second connection before the file is
	 * written, so that a crash between the upload and the commit never leaves a file nothing tracks: each uploading
	 * transaction then needs two connections of the pool at once (size the pool to at least twice the concurrent
	 * uploading transactions). With {@code none}, no intent row is written and a transaction needs one connection;
	 * a rollback still deletes the files it uploaded, but a crash in that window leaves a file only
	 * {@link Attachments#reconcile reconciliation} finds.
	 */
	public static final String UPLOAD_INTENT = PREFIX + "upload.intent";

	/**
	 * How long recording an upload intent waits for its connection before the flush fails with a message saying
	 * what to size ({@link #UPLOAD_INTENT}). Duration, default {@link Defaults#UPLOAD_INTENT_TIMEOUT}.
	 */
	public static final String UPLOAD_INTENT_TIMEOUT = PREFIX + "upload.intent_timeout";

	/**
	 * Whether the boot checks that the extension's tables exist (in persistence units with {@code @Attached}
	 * attributes), failing with a message that names the missing tables and the shipped scripts. Boolean, default
	 * {@code true}.
	 */
	public static final String SCHEMA_CHECK = PREFIX + "schema_check";

	/**
	 * What the boot does with the {@linkplain io.github.hibernateattachments.doctor.SchemaDoctor schema doctor}'s
	 * findings (missing foreign keys, {@code ON DELETE} actions that contradict the mapping, unindexed key columns,
	 * ...), for every persistence unit the extension is active in: {@code off} (the doctor does not run),
	 * {@code warn} (logs the report; the default) or {@code fail} (the boot fails with the report). At boot the
	 * doctor reads the database's metadata only; it does not count orphan rows.
	 */
	public static final String DOCTOR = PREFIX + "doctor";

	/**
	 * Whether {@link Attachments#sweep()} only counts what it would delete. Boolean, default {@code false}.
	 */
	public static final String SWEEP_DRY_RUN = PREFIX + "sweep.dry_run";

	/**
	 * An {@link io.github.hibernateattachments.spi.AttachmentsObserver} told what the extension does, for metrics:
	 * an instance, or the name of a class with a public no-argument constructor. Default: none.
	 */
	public static final String OBSERVER = PREFIX + "observer";

	/** The default values. */
	public static final class Defaults {
		public static final String STORAGE = "disk";
		public static final long MAX_SIZE = 1024L * 1024 * 1024;
		public static final Duration UPLOAD_GRACE_PERIOD = Duration.ofHours( 1 );
		public static final Duration PURGE_RETRY_DELAY = Duration.ofSeconds( 30 );
		public static final Duration PURGE_MAX_RETRY_DELAY = Duration.ofHours( 1 );
		public static final int OUTBOX_BATCH_SIZE = 100;
		public static final Duration SWEEP_GRACE_PERIOD = Duration.ofHours( 1 );
		public static final int SWEEP_BATCH_SIZE = 1000;
		public static final Duration UPLOAD_INTENT_TIMEOUT = Duration.ofSeconds( 10 );

		private Defaults() {
		}
	}

	private AttachmentsSettings() {
	}
}
