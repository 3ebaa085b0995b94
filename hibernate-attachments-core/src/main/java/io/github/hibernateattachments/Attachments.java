package io.github.hibernateattachments;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.hibernateattachments.internal.AttachmentsRuntime;
import io.github.hibernateattachments.internal.bootstrap.AttachmentsIntegrator;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The runtime entry point of hibernate-attachments for one {@code EntityManagerFactory}: read stored
 * content, sign URLs, and run the outbox worker.
 * <pre>{@code
 * Attachments attachments = Attachments.of(entityManagerFactory);
 * try (InputStream in = attachments.openStream(user.getAvatar())) { ... }
 * // on a schedule, in any number of instances:
 * attachments.processOutbox();
 * }</pre>
 */
public final class Attachments {

	private final AttachmentsRuntime runtime;

	private Attachments(AttachmentsRuntime runtime) {
		this.runtime = runtime;
	}

	/**
	 * The entry point for a factory, whatever wraps it: Spring's and Jakarta EE containers' proxies of the
	 * {@code EntityManagerFactory} are unwrapped to Hibernate's own factory.
	 *
	 * @throws AttachmentException if the extension is not active in that factory
	 */
	public static Attachments of(EntityManagerFactory entityManagerFactory) {
		Objects.requireNonNull( entityManagerFactory, "entityManagerFactory" );
		// SessionFactoryImplementor, not SessionFactory: a proxy that implements SessionFactory (Spring's does)
		// answers unwrap(SessionFactory.class) with itself, but delegates what it does not implement
		final AttachmentsRuntime runtime = AttachmentsIntegrator.runtimeOrNull(
				entityManagerFactory.unwrap( SessionFactoryImplementor.class ) );
		if ( runtime == null ) {
			throw new AttachmentException( "hibernate-attachments is not active in this EntityManagerFactory: check that"
					+ " the hibernate-attachments-core jar is on its class path and that '" + AttachmentsSettings.ENABLED
					+ "' is not false" );
		}
		return new Attachments( runtime );
	}

	/**
	 * Loads the metadata of every attachment the given owners hold (filename, content type, size, checksum, key)
	 * in one statement per entity type (per 500 owners), so that it can be read after the {@code EntityManager}
	 * is closed (a DTO mapping, Spring with open-in-view off), and a page of owners costs a bounded number of
	 * statements instead of one per attachment — what ActiveStorage's {@code with_attached_*} scopes do:
	 * <pre>{@code
	 * List<Member> page = em.createQuery("from Member order by id", Member.class).setMaxResults(50).getResultList();
	 * attachments.fetchAttachments(em, page);   // one more statement for the page's attachments
	 * }</pre>
	 * Owners must be managed by {@code entityManager}; other objects in the list are ignored.
	 */
	public void fetchAttachments(EntityManager entityManager, Collection<?> owners) {
		Objects.requireNonNull( entityManager, "entityManager" );
		Objects.requireNonNull( owners, "owners" );
		runtime.fetchAttachments( entityManager, owners );
	}

	/**
	 * Opens the stored content of an attachment. The caller closes the stream. Works outside the session that
	 * loaded the attachment too (a closed {@code EntityManager}, a deserialized owner): the blob row is then read
	 * in a session of its own.
	 *
	 * @throws AttachmentException if the attachment is not stored yet, its storage service is unknown, or the
	 * file cannot be read
	 */
	public InputStream openStream(Attachment attachment) {
		Objects.requireNonNull( attachment, "attachment" );
		return runtime.openStream( attachment );
	}

	/**
	 * The stored file's key, filename, content type, size and checksum. Unlike the attachment's own accessors,
	 * works outside the session that loaded the owner too (a closed {@code EntityManager}, open-in-view off): the
	 * blob row is then read in a session of its own.
	 *
	 * @throws AttachmentException if the attachment is not stored yet, or its blob no longer exists
	 */
	public StoredFile storedFile(Attachment attachment) {
		Objects.requireNonNull( attachment, "attachment" );
		return runtime.storedFile( attachment );
	}

	/**
	 * Opens part of the stored content of an attachment, for HTTP range requests: {@code length} bytes from
	 * {@code offset} (fewer where the content ends first), or everything from {@code offset} when {@code length}
	 * is negative. Storage services that can read a range directly (GCS) do; the others skip to the offset.
	 *
	 * @throws AttachmentException as {@link #openStream(Attachment)} does, or if {@code offset} is negative
	 */
	public InputStream openStream(Attachment attachment, long offset, long length) {
		Objects.requireNonNull( attachment, "attachment" );
		if ( offset < 0 ) {
			throw new AttachmentException( "Invalid range of attachment '" + attachment.filename() + "': negative offset " + offset );
		}
		return runtime.openStream( attachment, offset, length );
	}

	/**
	 * A URL that grants read access to the attachment for {@code ttl}, where the storage can sign one. The URL
	 * serves the content with the disposition of {@link #contentDisposition}: inline only for safe types.
	 *
	 * @return the URL, or empty if the storage cannot sign URLs (the disk storage cannot)
	 */
	public Optional<URI> signedUrl(Attachment attachment, Duration ttl) {
		Objects.requireNonNull( attachment, "attachment" );
		if ( ttl == null || ttl.isZero() || ttl.isNegative() ) {
			throw new AttachmentException( "Invalid signed URL lifetime " + ttl + ": it must be positive" );
		}
		return runtime.signedUrl( attachment, ttl );
	}

	/**
	 * The {@code Content-Disposition} header to serve an attachment with, for an application that streams it
	 * itself ({@link #openStream}): {@code inline} only for content types safe to render from the application's
	 * own origin (raster images and PDF, as Rails' ActiveStorage allows), {@code attachment} for everything
	 * else (HTML, SVG, scripts...), so that a browser downloads it instead of running it. The filename is given
	 * as quoted ASCII and as RFC 5987 UTF-8.
	 * <pre>{@code
	 * response.setHeader("Content-Disposition", attachments.contentDisposition(member.avatar));
	 * }</pre>
	 */
	public String contentDisposition(Attachment attachment) {
		Objects.requireNonNull( attachment, "attachment" );
		return runtime.contentDisposition( attachment );
	}

	/**
	 * Sweeps blobs that nothing references (left behind by bulk deletes and database cascades) and that are
	 * older than {@code hibernate.attachments.sweep.grace_period}: deletes their rows in batches and their files
	 * right after each batch commits (failures go to the outbox). A dry run, if
	 * {@code hibernate.attachments.sweep.dry_run} is set, only counts them. Safe to run from several instances
	 * at once; schedule it like the outbox worker.
	 */
	public SweepReport sweep() {
		return sweep( runtime.sweepDryRunByDefault(), report -> { } );
	}

	/**
	 * Like {@link #sweep()}, choosing dry run or not, and reporting each committed batch to {@code progress}
	 * (for a progress display).
	 */
	public SweepReport sweep(boolean dryRun, Consumer<SweepReport> progress) {
		Objects.requireNonNull( progress, "progress" );
		return runtime.sweep( dryRun, progress );
	}

	/**
	 * Compares storage and database both ways, for an existing installation: files that no blob row
	 * describes (older than the sweep grace period) and blob rows whose file is missing or damaged. Run it
	 * first with {@code deleteOrphanFiles = false} and read the report.
	 *
	 * @param deleteOrphanFiles delete the files no row describes (rows without files are only ever reported)
	 * @param verifyChecksums also read every file and compare its SHA-256 (slow: reads all content)
	 */
	public ReconcileReport reconcile(boolean deleteOrphanFiles, boolean verifyChecksums) {
		return runtime.reconcile( deleteOrphanFiles, verifyChecksums, line -> { } );
	}

	/** Like {@link #reconcile(boolean, boolean)}, reporting progress lines to {@code progress}. */
	public ReconcileReport reconcile(boolean deleteOrphanFiles, boolean verifyChecksums, Consumer<String> progress) {
		Objects.requireNonNull( progress, "progress" );
		return runtime.reconcile( deleteOrphanFiles, verifyChecksums, progress );
	}

	/**
	 * Checks that database and storage agree as the extension guarantees, and reports every disagreement:
	 * <ul>
	 *     <li>blob rows whose file is missing, has another size than recorded, or could not be looked up;</li>
	 *     <li>files that no blob row describes and no outbox row accounts for;</li>
	 *     <li>outbox rows whose delete is due and not done, and uploads whose transaction never committed nor
	 *     cleaned up after itself;</li>
	 *     <li>references to blob rows that do not exist, in every column that holds blob ids (the foreign keys
	 *     make these impossible; they are checked all the same);</li>
	 * </ul>
	 * and counts the unreferenced blobs that await the sweeper. Nothing is changed. Reads every blob row and
	 * lists every file: meant for tests and maintenance, not for each request. Where the application is working
	 * meanwhile, what is younger than {@code olderThan} is left out, and a missing file or row is checked again
	 * before it is reported. A storage service that cannot list its files is named in the report, and the rest
	 * checked.
	 *
	 * @param olderThan how old a file, an upload, a due outbox row or an unreferenced blob must be to be examined;
	 *     {@link Duration#ZERO} in a test, where nothing is in flight
	 * @throws AttachmentException if no storage service is configured
	 * @see IntegrityReport#render()
	 */
	public IntegrityReport checkIntegrity(Duration olderThan) {
		Objects.requireNonNull( olderThan, "olderThan" );
		if ( olderThan.isNegative() ) {
			throw new IllegalArgumentException( "olderThan must not be negative: " + olderThan );
		}
		return runtime.checkIntegrity( olderThan );
	}

	/**
	 * Copies the file of every blob recorded with storage service {@code fromService} into {@code toService}
	 * under the same key, and verifies each copy: the source bytes against the SHA-256 recorded in the blob row
	 * while they stream, and the copy read back. The blob rows are not changed; what the target holds already is
	 * verified and left alone, so the copy can run again after an interruption. Where {@code toService} is a
	 * mirror service, the file goes to each of its primary and mirrors that lack it.
	 * <p>
	 * Copying between services while the application runs is how an installation moves to another store
	 * without downtime; see {@link #moveBlobs(String, String)}.
	 *
	 * @throws AttachmentException if either service is not configured
	 */
	public BlobCopyReport copyBlobs(String fromService, String toService) {
		return runtime.copyBlobs( Objects.requireNonNull( fromService, "fromService" ),
				Objects.requireNonNull( toService, "toService" ), false, report -> { } );
	}

	/**
	 * Like {@link #copyBlobs(String, String)}, then records every verified blob with {@code toService}, so that
	 * it is read from, and purged through, that service from then on. Blobs the application deletes meanwhile
	 * stay deleted (their copies are removed again).
	 * <p>
	 * The usual migration from service {@code local} to a new service {@code bucket}, without downtime:
	 * <ol>
	 *     <li>configure {@code bucket}, and a mirror service {@code main} with {@code primary=local} and
	 *     {@code mirrors=bucket}, and make {@code main} the default: new files go to both;</li>
	 *     <li>{@code moveBlobs("local", "main")}: the existing files are copied to {@code bucket} and their rows
	 *     recorded with {@code main}, whose deletes go to both;</li>
	 *     <li>swap {@code main}'s primary and mirror (reads now come from {@code bucket}), and later configure
	 *     {@code main} as a plain bucket service; the {@code local} files can then be removed.</li>
	 * </ol>
	 *
	 * @param progress hears about each chunk of blobs
	 */
	public BlobCopyReport moveBlobs(String fromService, String toService, Consumer<BlobCopyReport> progress) {
		return runtime.copyBlobs( Objects.requireNonNull( fromService, "fromService" ),
				Objects.requireNonNull( toService, "toService" ), true, Objects.requireNonNull( progress, "progress" ) );
	}

	/** {@link #moveBlobs(String, String, Consumer)} without progress reports. */
	public BlobCopyReport moveBlobs(String fromService, String toService) {
		return moveBlobs( fromService, toService, report -> { } );
	}

	/**
	 * The files owners let go under {@code @PurgePolicy(DETACH)} and that no owner references again: kept until
	 * purged with {@link #purgeDetached(String)} or {@link #purgeAllDetached()}; oldest first.
	 */
	public List<DetachedFile> detachedFiles() {
		return runtime.detachedFiles();
	}

	/**
	 * Purges one detached file: its blob row goes in a transaction of its own and the file right after it commits
	 * (through the outbox, like any purge). A blob an owner references again is kept.
	 *
	 * @return {@code true} if {@code key} named a detached file
	 */
	public boolean purgeDetached(String key) {
		Objects.requireNonNull( key, "key" );
		return runtime.purgeDetached( key ) > 0;
	}

	/**
	 * Purges every detached file, as {@link #purgeDetached(String)} does for one.
	 *
	 * @return how many detached files were purged
	 */
	public int purgeAllDetached() {
		return runtime.purgeDetached( null );
	}

	/**
	 * Runs the outbox worker once: deletes the files of due outbox rows (purges whose after-commit delete
	 * failed or never ran, uploads abandoned past their grace period) and retries failures with backoff.
	 * Safe to run from several threads and processes at once: rows are claimed with
	 * {@code SELECT ... FOR UPDATE SKIP LOCKED} where the database supports it.
	 */
	public OutboxReport processOutbox() {
		return runtime.processOutbox();
	}

	/**
	 * Reads the state of the outbox, in a short transaction of its own: how many rows wait, how many are due,
	 * how many failed before, and since when the oldest due row waits. For health checks and dashboards.
	 */
	public OutboxStatus outboxStatus() {
		return runtime.outbox().status();
	}
}
