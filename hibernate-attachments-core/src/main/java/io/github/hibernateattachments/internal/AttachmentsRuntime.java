package io.github.hibernateattachments.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.ReconcileReport;
import io.github.hibernateattachments.SweepReport;
import io.github.hibernateattachments.internal.bootstrap.AttachmentsConfig;
import io.github.hibernateattachments.internal.event.TransactionWork;
import io.github.hibernateattachments.internal.model.AttachedAttribute;
import io.github.hibernateattachments.internal.model.AttachmentAccess;
import io.github.hibernateattachments.internal.model.AttachmentModel;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.DetachedBlob;
import io.github.hibernateattachments.internal.outbox.Outbox;
import io.github.hibernateattachments.internal.sweep.BlobReferences;
import io.github.hibernateattachments.internal.sweep.Reconciler;
import io.github.hibernateattachments.internal.sweep.Sweeper;
import io.github.hibernateattachments.internal.upload.ContentDisposition;
import io.github.hibernateattachments.internal.upload.Uploader;
import io.github.hibernateattachments.spi.StorageService;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Everything the extension holds for one SessionFactory: settings, storage, the attachment model, the outbox,
 * the uploader and the per-transaction work in progress.
 */
public final class AttachmentsRuntime {

	private final AttachmentsConfig config;
	private final StorageRegistry storages;
	private final AttachmentModel model;
	private final Outbox outbox;
	private final Uploader uploader;
	private final Sweeper sweeper;
	private final Reconciler reconciler;
	private final io.github.hibernateattachments.internal.sweep.IntegrityChecker integrityChecker;
	private final Map<Object, TransactionWork> workByTransaction = new ConcurrentHashMap<>();
	private final SessionFactoryImplementor sessionFactory;

	public AttachmentsRuntime(AttachmentsConfig config, StorageRegistry storages, AttachmentModel model,
			BlobReferences references, SessionFactoryImplementor sessionFactory) {
		this.config = config;
		this.storages = storages;
		this.model = model;
		this.sessionFactory = sessionFactory;
		this.outbox = new Outbox( sessionFactory, this::storageNamed, config, Clock.systemUTC() );
		this.uploader = new Uploader( storages, outbox, config.maxSize(), config.uploadIntents(), config.observer() );
		this.sweeper = new Sweeper( outbox, references, sessionFactory.getJdbcServices().getDialect(), config, storages.names() );
		this.reconciler = new Reconciler( outbox, storages, config );
		this.integrityChecker = new io.github.hibernateattachments.internal.sweep.IntegrityChecker( outbox, storages,
				references, sessionFactory.getJdbcServices().getDialect(), config.uploadGracePeriod() );
	}

	public AttachmentsConfig config() {
		return config;
	}

	public AttachmentModel model() {
		return model;
	}

	public Outbox outbox() {
		return outbox;
	}

	public Uploader uploader() {
		return uploader;
	}

	/**
	 * @return the storage service that holds blobs recorded with {@code serviceName}
	 * @throws AttachmentException if no such service is configured
	 */
	public StorageService storageNamed(String serviceName) {
		return storages.get( serviceName );
	}

	public StorageRegistry storages() {
		return storages;
	}

	/** @see io.github.hibernateattachments.Attachments#detachedFiles() */
	public java.util.List<io.github.hibernateattachments.DetachedFile> detachedFiles() {
		return sessionFactory.fromTransaction( session -> session.createSelectionQuery( "select d.blob.key, d.blob.filename,"
						+ " d.blob.contentType, d.blob.byteSize, d.detachedAt from " + DetachedBlob.ENTITY_NAME
						+ " d order by d.detachedAt, d.blobId", Object[].class )
				.getResultList().stream()
				.map( row -> new io.github.hibernateattachments.DetachedFile( (String) row[0], (String) row[1],
						(String) row[2], (Long) row[3], (java.time.Instant) row[4] ) )
				.toList() );
	}

	/**
	 * Deletes the detached-blob rows (of {@code keyOrNull}, or all), then purges their blobs in the same
	 * transaction as any purge: unless an owner references them again, the blob rows go and their files are
	 * deleted after commit.
	 *
	 * @return how many detached blobs were released
	 */
	public int purgeDetached(String keyOrNull) {
		return sessionFactory.fromTransaction( session -> {
			final var query = session.createSelectionQuery( "from " + DetachedBlob.ENTITY_NAME + " d"
					+ ( keyOrNull == null ? "" : " where d.blob.key = :key" ), DetachedBlob.class );
			if ( keyOrNull != null ) {
				query.setParameter( "key", keyOrNull );
			}
			final java.util.List<DetachedBlob> rows = query.getResultList();
			if ( rows.isEmpty() ) {
				return 0;
			}
			rows.forEach( session::remove );
			session.flush(); // the rows must be gone before the purge looks for references
			final TransactionWork work = workFor( (SharedSessionContractImplementor) session );
			rows.forEach( row -> work.purgeCandidate( row.getBlobId() ) );
			session.flush();
			return rows.size();
		} );
	}

	/** @see io.github.hibernateattachments.Attachments#fetchAttachments */
	public void fetchAttachments(jakarta.persistence.EntityManager entityManager, java.util.Collection<?> owners) {
		final var session = entityManager.unwrap( org.hibernate.engine.spi.SessionImplementor.class );
		final Map<String, java.util.List<Object>> idsByEntity = new java.util.LinkedHashMap<>();
		for ( Object owner : owners ) {
			final var entry = owner == null ? null : session.getPersistenceContextInternal().getEntry(
					session.getPersistenceContextInternal().unproxy( owner ) );
			if ( entry != null && !model.attributesOf( entry.getEntityName() ).isEmpty() ) {
				idsByEntity.computeIfAbsent( entry.getEntityName(), e -> new java.util.ArrayList<>() ).add( entry.getId() );
			}
		}
		idsByEntity.forEach( (entityName, ids) -> {
			final String query = fetchQuery( entityName );
			for ( int from = 0; from < ids.size(); from += 500 ) {
				session.createSelectionQuery( query, Object.class )
						.setParameter( "ids", ids.subList( from, Math.min( ids.size(), from + 500 ) ) )
						.getResultList();
			}
		} );
	}

	/** {@code select o from Owner o left join fetch o.avatar.blob ... where id(o) in :ids} */
	private String fetchQuery(String entityName) {
		final StringBuilder query = new StringBuilder( "select o from " ).append( entityName ).append( " o" );
		int alias = 0;
		for ( AttachedAttribute attribute : model.attributesOf( entityName ) ) {
			if ( attribute.many() ) {
				query.append( " left join fetch o." ).append( attribute.name() ).append( " a" ).append( alias )
						.append( " left join fetch a" ).append( alias ).append( '.' ).append( AttachmentAccess.BLOB_ATTRIBUTE )
						.append( " b" ).append( alias );
			}
			else {
				query.append( " left join fetch o." ).append( attribute.name() ).append( '.' )
						.append( AttachmentAccess.BLOB_ATTRIBUTE ).append( " b" ).append( alias );
			}
			alias++;
		}
		return query.append( " where id(o) in :ids" ).toString();
	}

	/** Opens the stored content of an attachment, read in a session of its own where it is not loaded. */
	public java.io.InputStream openStream(io.github.hibernateattachments.Attachment attachment) {
		final BlobRecord blob = loadedBlob( attachment );
		return storageNamed( blob.getServiceName() ).openStream( blob.getKey() );
	}

	public io.github.hibernateattachments.StoredFile storedFile(io.github.hibernateattachments.Attachment attachment) {
		final BlobRecord blob = loadedBlob( attachment );
		return new io.github.hibernateattachments.StoredFile( blob.getKey(), blob.getFilename(), blob.getContentType(),
				blob.getByteSize(), blob.getChecksum(), blob.getServiceName(), blob.getCreatedAt() );
	}

	public java.io.InputStream openStream(io.github.hibernateattachments.Attachment attachment, long offset, long length) {
		final BlobRecord blob = loadedBlob( attachment );
		return storageNamed( blob.getServiceName() ).openStream( blob.getKey(), offset, length );
	}

	public java.util.Optional<java.net.URI> signedUrl(io.github.hibernateattachments.Attachment attachment,
			java.time.Duration ttl) {
		final BlobRecord blob = loadedBlob( attachment );
		return storageNamed( blob.getServiceName() ).signedUrl( blob.getKey(), ttl,
				ContentDisposition.of( blob.getContentType(), blob.getFilename() ),
				ContentDisposition.metadata( blob.getFilename(), blob.getContentType() ) );
	}

	/** @see io.github.hibernateattachments.Attachments#contentDisposition */
	public String contentDisposition(io.github.hibernateattachments.Attachment attachment) {
		final BlobRecord blob = loadedBlob( attachment );
		return ContentDisposition.of( blob.getContentType(), blob.getFilename() );
	}

	/**
	 * The attachment's blob row: as it is if loaded (or still loadable by its session), otherwise read by id in a
	 * short session of its own, so that a detached or deserialized attachment still reads its content.
	 */
	private BlobRecord loadedBlob(io.github.hibernateattachments.Attachment attachment) {
		final BlobRecord blob = AttachmentAccess.blobOf( attachment );
		if ( blob == null ) {
			attachment.key(); // throws the "not stored yet" AttachmentException
		}
		final var lazy = org.hibernate.proxy.HibernateProxy.extractLazyInitializer( blob );
		if ( lazy == null || !lazy.isUninitialized()
				|| lazy.getSession() != null && lazy.getSession().isOpen() && !lazy.getSession().isClosed() ) {
			return lazy == null ? blob : (BlobRecord) lazy.getImplementation();
		}
		final Object id = lazy.getInternalIdentifier();
		final BlobRecord found = sessionFactory.fromSession( session -> session.find( BlobRecord.class, id ) );
		if ( found == null ) {
			throw new AttachmentException( "Unable to read attachment blob #" + id + ": it no longer exists (it was"
					+ " purged or swept)" );
		}
		return found;
	}

	/**
	 * @return the work of the session's current transaction, created and registered for completion on first use
	 */
	public TransactionWork workFor(SharedSessionContractImplementor session) {
		if ( !session.isTransactionInProgress() ) {
			throw new AttachmentException( "Attachments can only be stored or purged inside a transaction:"
					+ " begin one before persisting, flushing or removing entities with @Attached attributes" );
		}
		final Object transaction = session.accessTransaction();
		TransactionWork work = workByTransaction.get( transaction );
		if ( work == null ) {
			work = new TransactionWork( outbox, () -> workByTransaction.remove( transaction ) );
			workByTransaction.put( transaction, work );
			session.getTransactionCompletionCallbacks().registerCallback( work );
		}
		return work;
	}

	/** @return the work of the session's current transaction, or {@code null} if none was needed so far */
	public TransactionWork workOrNull(SharedSessionContractImplementor session) {
		return session.isTransactionInProgress() ? workByTransaction.get( session.accessTransaction() ) : null;
	}


	/** Sweeps unreferenced blobs; {@code progress} hears about each committed batch. */
	public SweepReport sweep(boolean dryRun, java.util.function.Consumer<SweepReport> progress) {
		final long start = System.nanoTime();
		final SweepReport report = sweeper.sweep( dryRun, progress );
		final java.time.Duration took = java.time.Duration.ofNanos( System.nanoTime() - start );
		Observers.tell( () -> config.observer().swept( report, took ) );
		return report;
	}

	public ReconcileReport reconcile(boolean deleteOrphanFiles, boolean verifyChecksums,
			java.util.function.Consumer<String> progress) {
		if ( storages.isEmpty() ) {
			throw new AttachmentException( "No storage service is configured in this persistence unit: nothing to reconcile" );
		}
		return reconciler.reconcile( deleteOrphanFiles, verifyChecksums, progress );
	}

	/** @see io.github.hibernateattachments.Attachments#checkIntegrity(java.time.Duration) */
	public io.github.hibernateattachments.IntegrityReport checkIntegrity(java.time.Duration olderThan) {
		if ( storages.isEmpty() ) {
			throw new AttachmentException( "No storage service is configured in this persistence unit: no integrity to check" );
		}
		return integrityChecker.check( olderThan );
	}

	/** @see io.github.hibernateattachments.Attachments#copyBlobs */
	public io.github.hibernateattachments.BlobCopyReport copyBlobs(String from, String to, boolean reassign,
			java.util.function.Consumer<io.github.hibernateattachments.BlobCopyReport> progress) {
		return new io.github.hibernateattachments.internal.sweep.BlobCopier( outbox, storages ).copy( from, to, reassign, progress );
	}

	public boolean sweepDryRunByDefault() {
		return config.sweepDryRun();
	}

	public OutboxReport processOutbox() {
		final long start = System.nanoTime();
		final OutboxReport report = outbox.processDue();
		final java.time.Duration took = java.time.Duration.ofNanos( System.nanoTime() - start );
		Observers.tell( () -> config.observer().outboxProcessed( report, took ) );
		return report;
	}
}
