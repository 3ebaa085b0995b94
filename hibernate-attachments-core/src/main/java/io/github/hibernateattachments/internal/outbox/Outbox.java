package io.github.hibernateattachments.internal.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.internal.HibernateInternals;
import io.github.hibernateattachments.internal.Observers;
import io.github.hibernateattachments.internal.bootstrap.AttachmentsConfig;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.PurgeRecord;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;

import org.hibernate.LockMode;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jboss.logging.Logger;

/**
 * The {@code attachment_purges} table: upload intents and purges waiting for their storage delete.
 * <p>
 * Everything here except {@link #clearIntent} and {@link #queuePurgesOf} runs in its own short transaction
 * on its own connection (a {@link StatelessSession}), never in the user's; {@link #queuePurgesOf} runs in the
 * sweeper's.
 */
public final class Outbox {

	private static final Logger LOG = Logger.getLogger( Outbox.class );

	private final SessionFactoryImplementor sessionFactory;
	private final Function<String, StorageService> storages;
	private final AttachmentsConfig config;
	private final Clock clock;
	private final OwnTransactions ownTransactions;
	private volatile OutboxTable table;

	public Outbox(SessionFactoryImplementor sessionFactory, Function<String, StorageService> storages,
			AttachmentsConfig config, Clock clock) {
		this.sessionFactory = sessionFactory;
		this.storages = storages;
		this.config = config;
		this.clock = clock;
		this.ownTransactions = new OwnTransactions( sessionFactory );
	}

	public Instant now() {
		return clock.instant();
	}

	/**
	 * Commits an upload intent before the file is uploaded: if the user's transaction never commits, the
	 * worker deletes the file once the grace period is over.
	 */
	/**
	 * Commits the upload intent of a file on a connection of its own, waiting for that connection at most the
	 * configured timeout: a pool exhausted by transactions that each hold one connection and wait for a second
	 * fails fast, saying what to size, instead of hanging until the pool gives up.
	 *
	 * @param owner names the attribute, for the message
	 */
	public PurgeRecord recordUploadIntent(String key, String serviceName, String owner) {
		final PurgeRecord intent = new PurgeRecord( key, serviceName, PurgeRecord.Reason.UPLOAD,
				now().plus( config.uploadGracePeriod() ) );
		final java.util.concurrent.CompletableFuture<Void> insert = java.util.concurrent.CompletableFuture.runAsync(
				() -> runInNewTransaction( session -> session.insert( intent ) ), INTENT_WRITER );
		try {
			insert.get( config.uploadIntentTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS );
			return intent;
		}
		catch (java.util.concurrent.TimeoutException e) {
			// if it commits later, the worker removes the row (no file was written) after the grace period
			throw new io.github.hibernateattachments.AttachmentException( "Unable to store the attachment of " + owner + ": its upload intent needs a"
					+ " second connection of the pool (the intent commits on its own, while this transaction holds a"
					+ " connection), and none was free within " + config.uploadIntentTimeout().toMillis() + " ms. Size"
					+ " the connection pool to at least twice the number of transactions that attach files at once, or"
					+ " set '" + io.github.hibernateattachments.AttachmentsSettings.UPLOAD_INTENT + "=none' (one connection;"
					+ " see its Javadoc); nothing was kept" );
		}
		catch (java.util.concurrent.ExecutionException e) {
			throw e.getCause() instanceof RuntimeException runtime ? runtime : new io.github.hibernateattachments.AttachmentException(
					"Unable to record the upload intent of " + owner, e.getCause() );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new io.github.hibernateattachments.AttachmentException( "Interrupted while recording the upload intent of " + owner, e );
		}
	}

	/** @see io.github.hibernateattachments.Attachments#outboxStatus() */
	public io.github.hibernateattachments.OutboxStatus status() {
		final Instant now = now();
		return inNewTransaction( session -> {
			final Object[] row = session.createSelectionQuery( "select count(p),"
							+ " coalesce(sum(case when p.dueAt <= :now then 1 else 0 end), 0),"
							+ " coalesce(sum(case when p.attempts > 0 then 1 else 0 end), 0),"
							+ " min(case when p.dueAt <= :now then p.dueAt end)"
							+ " from " + PurgeRecord.ENTITY_NAME + " p", Object[].class )
					.setParameter( "now", now )
					.getSingleResult();
			return new io.github.hibernateattachments.OutboxStatus( ( (Number) row[0] ).longValue(),
					( (Number) row[1] ).longValue(), ( (Number) row[2] ).longValue(), (Instant) row[3] );
		} );
	}

	/** Deletes a file that no outbox row tracks (an upload without intent, rolled back); failures are logged. */
	public void deleteUntracked(String key, String serviceName) {
		try {
			storages.apply( serviceName ).delete( key );
			Observers.tell( () -> config.observer().deleted( serviceName, 1 ) );
		}
		catch (RuntimeException e) {
			LOG.warnf( e, "Unable to delete the file '%s' of a rolled back upload; reconciliation will find it", key );
			Observers.tell( () -> config.observer().deleteFailed( serviceName, 1 ) );
		}
	}

	/** Daemon threads that write upload intents, so that waiting for their connection can time out. */
	private static final java.util.concurrent.ExecutorService INTENT_WRITER = java.util.concurrent.Executors.newCachedThreadPool( task -> {
		final Thread thread = new Thread( task, "hibernate-attachments-upload-intent" );
		thread.setDaemon( true );
		return thread;
	} );

	/**
	 * Deletes an upload intent in the user's transaction: the file becomes the committed blob's file if and
	 * only if that transaction commits. Never flushes the session.
	 *
	 * @return {@code false} if the transaction does not see the intent: under REPEATABLE READ or SERIALIZABLE
	 * isolation (PostgreSQL, H2) a transaction whose snapshot predates the intent's commit deletes nothing. The
	 * caller then forgets the intent once the transaction has committed.
	 */
	public boolean clearIntent(SharedSessionContractImplementor session, long intentId) {
		return HibernateInternals.withoutAutoFlush(
						session.createMutationQuery( "delete from " + PurgeRecord.ENTITY_NAME + " where id = :id" )
								.setParameter( "id", intentId ) )
				.executeUpdate() > 0;
	}

	/**
	 * A purge, inserted in the user's transaction together with the deletion of the blob row.
	 */
	public PurgeRecord newPurge(String key, String serviceName) {
		return new PurgeRecord( key, serviceName, PurgeRecord.Reason.PURGE, now().plus( config.purgeRetryDelay() ) );
	}

	/**
	 * Queues the files of these blob rows in the session's transaction, set-based: the sweeper's way to
	 * record thousands of purges without a statement each.
	 *
	 * @see OutboxTable#insertPurgesOf
	 */
	public void queuePurgesOf(StatelessSession session, String blobTable, List<Long> blobIds, List<PurgeRecord> purges) {
		table().insertPurgesOf( (SharedSessionContractImplementor) session, blobTable, blobIds, purges );
	}

	private OutboxTable table() {
		OutboxTable result = table;
		if ( result == null ) {
			// built on first use: the session factory's mapping model is complete only once it is built
			table = result = new OutboxTable( sessionFactory );
		}
		return result;
	}

	/**
	 * Forgets rows whose work is done (or was never needed), in a new transaction.
	 */
	public void forget(Collection<Long> ids) {
		if ( ids.isEmpty() ) {
			return;
		}
		// by primary key, one row at a time: see Batch#forgetOrRetry
		runInNewTransaction( session -> ids.forEach( id -> session.createMutationQuery(
						"delete from " + PurgeRecord.ENTITY_NAME + " where id = :id" )
				.setParameter( "id", id )
				.executeUpdate() ) );
	}

	/**
	 * Deletes the files of rows that just committed (or whose upload rolled back), then forgets the rows.
	 * Failures are recorded on the rows, which the worker retries with backoff.
	 *
	 * @return how many files were deleted
	 */
	public int deleteNow(List<PurgeRecord> records) {
		return deleteNow( records, true );
	}

	/**
	 * The files of a rolled-back transaction's uploads: like {@link #deleteNow(List)}, but waits for a row another
	 * transaction has locked (at most {@value OutboxTable#LOCK_WAIT_SECONDS} seconds) instead of skipping it. Their intent rows are not due (the worker takes them only after
	 * the upload grace period), so a skipped row would keep its file that long; what holds the lock is a short
	 * transaction (on MariaDB under REPEATABLE READ, an outbox worker's locking scan locks rows it does not return).
	 */
	public int deleteRolledBackUploads(List<PurgeRecord> intents) {
		return deleteNow( intents, false );
	}

	private int deleteNow(List<PurgeRecord> records, boolean skipLocked) {
		if ( records.isEmpty() ) {
			return 0;
		}
		try {
			return inNewTransaction( session -> {
				// claim the rows first, as the worker does: a worker running now gets the others, never the same.
				// The records are only read: they may be entities managed by the application's session.
				final SharedSessionContractImplementor implementor = (SharedSessionContractImplementor) session;
				final Map<Long, Integer> attempts = table().claim( implementor,
						records.stream().map( PurgeRecord::getId ).toList(), skipLocked );
				final List<PurgeRecord> claimed = records.stream().filter( r -> attempts.containsKey( r.getId() ) ).toList();
				final Batch batch = deleteFiles( claimed );
				table().deleteClaimed( implementor, batch.deleted.stream().map( PurgeRecord::getId ).toList() );
				batch.failed.forEach( (record, error) -> {
					final int soFar = attempts.get( record.getId() );
					table().recordFailure( implementor, record.getId(), soFar, error, now().plus( backoff( soFar + 1 ) ) );
				} );
				return batch.deleted.size();
			} );
		}
		catch (RuntimeException e) {
			if ( skipLocked ) {
				// the rows stay due: the worker will try the (idempotent) deletes again
				LOG.warnf( e, "Unable to delete %d files after commit; the outbox worker will retry", records.size() );
			}
			else {
				LOG.warnf( e, "Unable to delete the %d files a rolled-back transaction uploaded; the outbox worker deletes"
						+ " them once the upload grace period is over", records.size() );
			}
			return 0;
		}
	}

	/**
	 * One pass of the worker: claims due rows batch by batch (skipping rows another worker or an open
	 * transaction holds) until none are due.
	 */
	public OutboxReport processDue() {
		int claimed = 0;
		int deleted = 0;
		int failed = 0;
		int kept = 0;
		while ( true ) {
			final OutboxReport batchResult = withDeadlockRetry( () -> inNewTransaction( this::processOneBatch ) );
			claimed += batchResult.claimed();
			deleted += batchResult.deleted();
			failed += batchResult.failed();
			kept += batchResult.kept();
			if ( batchResult.claimed() < config.outboxBatchSize() || batchResult.claimed() == batchResult.failed() ) {
				return new OutboxReport( claimed, deleted, failed, kept );
			}
		}
	}

	private OutboxReport processOneBatch(StatelessSession session) {
		final List<PurgeRecord> due = session.createSelectionQuery(
						"from " + PurgeRecord.ENTITY_NAME + " where dueAt <= :now order by dueAt, id", PurgeRecord.class )
				.setParameter( "now", now() )
				.setHibernateLockMode( LockMode.UPGRADE_SKIPLOCKED )
				.setMaxResults( config.outboxBatchSize() )
				.getResultList();
		if ( due.isEmpty() ) {
			return new OutboxReport( 0, 0, 0, 0 );
		}
		// an upload intent whose blob row did commit (the intent was left behind): keep the file
		final List<String> uploadKeys = due.stream()
				.filter( r -> r.getReason() == PurgeRecord.Reason.UPLOAD ).map( PurgeRecord::getKey ).toList();
		final List<String> committed = uploadKeys.isEmpty() ? List.of() : session.createSelectionQuery(
						"select b.key from " + BlobRecord.ENTITY_NAME + " b where b.key in (:keys)", String.class )
				.setParameterList( "keys", uploadKeys )
				.getResultList();
		final List<PurgeRecord> toDelete = new ArrayList<>();
		final List<PurgeRecord> toKeep = new ArrayList<>();
		for ( PurgeRecord record : due ) {
			( record.getReason() == PurgeRecord.Reason.UPLOAD && committed.contains( record.getKey() ) ? toKeep : toDelete )
					.add( record );
		}
		final Batch batch = deleteFiles( toDelete );
		batch.forgetOrRetry( session );
		toKeep.forEach( session::delete );
		return new OutboxReport( due.size(), batch.deleted.size(), batch.failed.size(), toKeep.size() );
	}

	/**
	 * A batch that lost a deadlock or a lock wait against another worker was rolled back as a whole: run it
	 * again (its storage deletes are idempotent). Gives up after a few attempts and lets the error out.
	 */
	private static OutboxReport withDeadlockRetry(java.util.function.Supplier<OutboxReport> batch) {
		for ( int attempt = 1; ; attempt++ ) {
			try {
				return batch.get();
			}
			catch (org.hibernate.exception.LockAcquisitionException | jakarta.persistence.PessimisticLockException
					| jakarta.persistence.LockTimeoutException e) {
				if ( attempt >= DEADLOCK_ATTEMPTS ) {
					throw e;
				}
				LOG.debugf( "Outbox batch lost a lock conflict (attempt %d), retrying: %s", attempt, e.getMessage() );
				try {
					Thread.sleep( 10L * attempt );
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw e;
				}
			}
		}
	}

	private static final int DEADLOCK_ATTEMPTS = 5;

	private Batch deleteFiles(List<PurgeRecord> records) {
		final Batch batch = new Batch();
		final Map<String, List<PurgeRecord>> byService = new java.util.LinkedHashMap<>();
		for ( PurgeRecord record : records ) {
			byService.computeIfAbsent( record.getServiceName(), s -> new ArrayList<>() ).add( record );
		}
		byService.forEach( (serviceName, serviceRecords) -> {
			final StorageService storage;
			try {
				storage = storages.apply( serviceName );
			}
			catch (RuntimeException e) {
				serviceRecords.forEach( r -> batch.failed.put( r, e.getMessage() ) );
				return;
			}
			Map<String, StorageException> failures;
			try {
				failures = storage.deleteAll( serviceRecords.stream().map( PurgeRecord::getKey ).toList() );
			}
			catch (RuntimeException e) {
				serviceRecords.forEach( r -> batch.failed.put( r, String.valueOf( e.getMessage() ) ) );
				return;
			}
			int deleted = 0;
			for ( PurgeRecord record : serviceRecords ) {
				final StorageException failure = failures.get( record.getKey() );
				if ( failure == null ) {
					batch.deleted.add( record );
					deleted++;
				}
				else {
					batch.failed.put( record, String.valueOf( failure.getMessage() ) );
				}
			}
			final int done = deleted;
			if ( done > 0 ) {
				Observers.tell( () -> config.observer().deleted( serviceName, done ) );
			}
		} );
		if ( !batch.failed.isEmpty() ) {
			final Map<String, Integer> failedByService = new java.util.LinkedHashMap<>();
			batch.failed.keySet().forEach( r -> failedByService.merge( r.getServiceName(), 1, Integer::sum ) );
			failedByService.forEach( (service, count) -> Observers.tell( () -> config.observer().deleteFailed( service, count ) ) );
		}
		if ( !batch.failed.isEmpty() ) {
			LOG.warnf( "Unable to delete %d of %d files; the outbox worker will retry. First failure: %s",
					batch.failed.size(), records.size(), batch.failed.values().iterator().next() );
		}
		return batch;
	}

	private final class Batch {
		final List<PurgeRecord> deleted = new ArrayList<>();
		final Map<PurgeRecord, String> failed = new java.util.LinkedHashMap<>();

		void forgetOrRetry(StatelessSession session) {
			// one row at a time, by primary key: a record lock each, never a range (InnoDB would take gap
			// locks for an IN list under REPEATABLE READ, and two workers would deadlock)
			session.deleteMultiple( deleted );
			retryFailed( session );
		}

		/** Records the failures on the rows this batch loaded, due again after the backoff. */
		private void retryFailed(StatelessSession session) {
			failed.forEach( (record, error) -> {
				record.failed( error, now().plus( backoff( record.getAttempts() + 1 ) ) );
				session.update( record );
			} );
		}
	}

	public Duration backoff(int attempts) {
		final Duration base = config.purgeRetryDelay();
		final Duration max = config.purgeMaxRetryDelay();
		final int shift = Math.min( Math.max( attempts - 1, 0 ), 30 );
		final Duration delay = base.multipliedBy( 1L << shift );
		return delay.compareTo( max ) > 0 || delay.isNegative() ? max : delay;
	}

	private void runInNewTransaction(java.util.function.Consumer<StatelessSession> work) {
		inNewTransaction( session -> {
			work.accept( session );
			return null;
		} );
	}

	/**
	 * Runs {@code work} in a transaction of its own on a connection of its own, committed when it returns; the
	 * caller's transaction, if any, is left alone (under JTA: suspended meanwhile, see {@link OwnTransactions}).
	 */
	public <T> T inNewTransaction(Function<StatelessSession, T> work) {
		return ownTransactions.isolated( () -> runInOwnTransaction( work ) );
	}

	private <T> T runInOwnTransaction(Function<StatelessSession, T> work) {
		try ( StatelessSession session = sessionFactory.openStatelessSession() ) {
			session.setJdbcBatchSize( config.outboxBatchSize() );
			session.getTransaction().begin();
			try {
				final T result = work.apply( session );
				session.getTransaction().commit();
				return result;
			}
			catch (RuntimeException e) {
				if ( session.getTransaction().isActive() ) {
					session.getTransaction().rollback();
				}
				throw e;
			}
		}
	}
}
