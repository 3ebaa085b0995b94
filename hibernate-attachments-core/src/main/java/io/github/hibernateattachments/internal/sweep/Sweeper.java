package io.github.hibernateattachments.internal.sweep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import io.github.hibernateattachments.SweepReport;
import io.github.hibernateattachments.internal.SessionJdbc;
import io.github.hibernateattachments.internal.bootstrap.AttachmentsConfig;
import io.github.hibernateattachments.internal.model.PurgeRecord;
import io.github.hibernateattachments.internal.outbox.Outbox;
import io.github.hibernateattachments.internal.outbox.OutboxTable;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jboss.logging.Logger;

/**
 * Collects blobs that nothing references any more: rows left behind by bulk JPQL/SQL deletes and by
 * database cascades, which no listener sees. One anti-join over every referencing column (each tested
 * through its foreign-key index) finds a batch of unreferenced blobs older than the grace period, locks them
 * with {@code FOR UPDATE SKIP LOCKED}, deletes their rows and queues their files in the outbox, in one
 * transaction and a few set-based statements; the files are deleted once it has committed, exactly like a
 * purge, while the next batch is collected.
 * <p>
 * Safe against a concurrent attach of the same blob: the attaching transaction's foreign-key check takes
 * a share lock on the blob row, which conflicts with the sweeper's {@code FOR UPDATE}: either the sweeper
 * skips the blob (the attach got there first), or the attach waits and then fails on the foreign key (the
 * blob is gone) — never a reference to a deleted blob, never a deleted file under a committed reference.
 * Safe with many instances: each skips the rows another one has locked.
 */
public final class Sweeper {

	private static final Logger LOG = Logger.getLogger( Sweeper.class );
	private static final int SAMPLE = 20;

	private final Outbox outbox;
	private final BlobReferences references;
	private final Dialect dialect;
	private final AttachmentsConfig config;
	private final java.util.Set<String> services;

	/**
	 * @param services the configured storage services: blobs recorded with another are left alone
	 */
	public Sweeper(Outbox outbox, BlobReferences references, Dialect dialect, AttachmentsConfig config,
			java.util.Set<String> services) {
		this.services = services;
		this.outbox = outbox;
		this.references = references;
		this.dialect = dialect;
		this.config = config;
	}

	public SweepReport sweep(boolean dryRun, Consumer<SweepReport> progress) {
		final Instant cutoff = outbox.now().minus( config.sweepGracePeriod() );
		final BlobReferences all = outbox.inNewTransaction( session -> {
			final BlobReferences[] result = new BlobReferences[1];
			session.doWork( connection -> result[0] = references.withDatabaseForeignKeys( connection, dialect ) );
			return result[0];
		} );
		if ( all.columns().size() > references.columns().size() ) {
			LOG.infof( "The database has foreign keys to %s that the mapping does not know: %s; the sweep respects them",
					all.blobTable(), all.columns().subList( references.columns().size(), all.columns().size() ) );
		}
		final SweepReport report = dryRun ? count( all, cutoff ) : collect( all, cutoff, progress );
		return new SweepReport( report.dryRun(), report.found(), report.deleted(), report.filesDeleted(),
				report.filesFailed(), report.sampleKeys(), countYoung( all, cutoff ) );
	}

	/** Unreferenced blobs created since the cutoff: found through the index on created_at, so few are read. */
	private long countYoung(BlobReferences references, Instant cutoff) {
		final long[] young = { 0 };
		outbox.inNewTransaction( session -> {
			SessionJdbc.query( (SharedSessionContractImplementor) session, references.youngUnreferencedCountQuery(),
					statement -> statement.setTimestamp( 1, java.sql.Timestamp.from( cutoff ) ),
					row -> young[0] = row.getLong( 1 ) );
			return null;
		} );
		return young[0];
	}

	private SweepReport count(BlobReferences references, Instant cutoff) {
		final long[] found = { 0 };
		final List<String> sample = new ArrayList<>();
		outbox.inNewTransaction( session -> {
			SessionJdbc.query( (SharedSessionContractImplementor) session, references.unreferencedBlobsQuery( services ),
					statement -> references.bind( statement, cutoff, Long.MIN_VALUE ), row -> {
						if ( found[0]++ < SAMPLE ) {
							sample.add( row.getString( 2 ) );
						}
					} );
			return null;
		} );
		return new SweepReport( true, found[0], 0, 0, 0, sample, 0 );
	}

	/**
	 * Batch after batch until none is left. The files of a committed batch are deleted on a helper thread
	 * while this one collects the next batch: at most one batch of files in flight, and every file deleted
	 * only once the transaction that queued it has committed, as always.
	 */
	private SweepReport collect(BlobReferences references, Instant cutoff, Consumer<SweepReport> progress) {
		final String claim = references.unreferencedBlobsQuery( services ) + " fetch first " + config.sweepBatchSize()
				+ " rows only" + dialect.getForUpdateSkipLockedString();
		long found = 0;
		long filesDeleted = 0;
		long filesFailed = 0;
		final long[] after = { Long.MIN_VALUE };
		final List<String> sample = new ArrayList<>();
		final ExecutorService fileDeleter = Executors.newSingleThreadExecutor( task -> {
			final Thread thread = new Thread( task, "hibernate-attachments-sweep-files" );
			thread.setDaemon( true );
			return thread;
		} );
		Future<Integer> inFlight = null;
		int inFlightCount = 0;
		try {
			while ( true ) {
				final List<PurgeRecord> purges = claimAndDeleteBatch( references, claim, cutoff, after );
				if ( inFlight != null ) {
					final int deleted = await( inFlight );
					filesDeleted += deleted;
					filesFailed += inFlightCount - deleted;
					inFlight = null;
				}
				if ( purges.isEmpty() ) {
					break;
				}
				found += purges.size();
				purges.stream().limit( Math.max( 0, SAMPLE - sample.size() ) ).forEach( p -> sample.add( p.getKey() ) );
				inFlight = fileDeleter.submit( () -> outbox.deleteNow( purges ) );
				inFlightCount = purges.size();
				progress.accept( new SweepReport( false, found, found, filesDeleted, filesFailed, sample, 0 ) );
				if ( purges.size() < config.sweepBatchSize() ) {
					break;
				}
			}
			if ( inFlight != null ) {
				final int deleted = await( inFlight );
				filesDeleted += deleted;
				filesFailed += inFlightCount - deleted;
			}
		}
		finally {
			fileDeleter.shutdown();
		}
		if ( found > 0 ) {
			LOG.infof( "Swept %d unreferenced blobs; %d files deleted, %d left to the outbox worker", found, filesDeleted,
					filesFailed );
		}
		return new SweepReport( false, found, found, filesDeleted, filesFailed, sample, 0 );
	}

	/** {@link Outbox#deleteNow} never throws: what it could not delete stays in the outbox for the worker. */
	private static int await(Future<Integer> files) {
		try {
			return files.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new io.github.hibernateattachments.AttachmentException(
					"Interrupted while the sweep deleted files; the outbox worker deletes those left", e );
		}
		catch (java.util.concurrent.ExecutionException e) {
			throw new IllegalStateException( "Deleting the files of a sweep batch failed unexpectedly", e.getCause() );
		}
	}

	/**
	 * One batch in one transaction. Where the database's foreign-key check does not lock the blob row (H2),
	 * an attach can commit a reference between the anti-join and the delete: the RESTRICT foreign key then
	 * refuses the delete, the batch rolls back, and is tried again — the anti-join now sees the reference.
	 */
	private List<PurgeRecord> claimAndDeleteBatch(BlobReferences references, String claim, Instant cutoff, long[] after) {
		for ( int attempt = 1; ; attempt++ ) {
			try {
				return deleteBatch( references, claim, cutoff, after );
			}
			catch (org.hibernate.exception.ConstraintViolationException e) {
				if ( e.getKind() != org.hibernate.exception.ConstraintViolationException.ConstraintKind.FOREIGN_KEY
						|| attempt >= CONFLICT_ATTEMPTS ) {
					throw e;
				}
				LOG.debugf( "A sweep batch met a reference committed meanwhile (attempt %d); trying again: %s", attempt,
						e.getMessage() );
			}
			catch (org.hibernate.PessimisticLockException e) { // LockAcquisitionException (deadlock), lock timeouts
				if ( attempt >= CONFLICT_ATTEMPTS ) {
					throw e;
				}
				LOG.debugf( "A sweep batch met a lock conflict (attempt %d); trying again: %s", attempt, e.getMessage() );
			}
		}
	}

	private static final int CONFLICT_ATTEMPTS = 10;

	/** {@code after[0]}: the highest id of the previous batch; updated once this batch commits. */
	private List<PurgeRecord> deleteBatch(BlobReferences references, String claim, Instant cutoff, long[] after) {
		final long[] last = { after[0] };
		final List<PurgeRecord> result = deleteBatchAfter( references, claim, cutoff, after[0], last );
		after[0] = last[0];
		return result;
	}

	private List<PurgeRecord> deleteBatchAfter(BlobReferences references, String claim, Instant cutoff, long afterId,
			long[] last) {
		return outbox.inNewTransaction( stateless -> {
			final SharedSessionContractImplementor session = (SharedSessionContractImplementor) stateless;
			final List<Long> ids = new ArrayList<>();
			final List<PurgeRecord> purges = new ArrayList<>();
			SessionJdbc.query( session, claim, statement -> references.bind( statement, cutoff, afterId ), row -> {
				ids.add( row.getLong( 1 ) );
				last[0] = Math.max( last[0], row.getLong( 1 ) );
				purges.add( outbox.newPurge( row.getString( 2 ), row.getString( 3 ) ) );
			} );
			if ( ids.isEmpty() ) {
				return purges;
			}
			// set-based: a few statements for the whole batch, whose rows this transaction has locked already
			// (a statement per row on InnoDB: SessionJdbc#oneRowAtATime).
			// The foreign keys are ON DELETE RESTRICT: a reference committed meanwhile fails the whole batch,
			// which is tried again.
			outbox.queuePurgesOf( stateless, references.blobTable(), ids, purges );
			if ( SessionJdbc.oneRowAtATime( dialect ) ) {
				for ( Long id : ids ) {
					SessionJdbc.executeUpdate( session, "delete from " + references.blobTable() + " where id=?",
							statement -> statement.setLong( 1, id ) );
				}
				return purges;
			}
			for ( List<Long> chunk : OutboxTable.chunks( ids ) ) {
				SessionJdbc.executeUpdate( session, "delete from " + references.blobTable() + " where id in ("
						+ SessionJdbc.placeholders( chunk.size() ) + ")", statement -> SessionJdbc.bindIds( statement, 1, chunk ) );
			}
			return purges;
		} );
	}
}
