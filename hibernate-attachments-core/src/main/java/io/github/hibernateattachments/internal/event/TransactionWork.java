package io.github.hibernateattachments.internal.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.hibernateattachments.internal.model.PurgeRecord;
import io.github.hibernateattachments.internal.outbox.Outbox;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;
import org.jboss.logging.Logger;

/**
 * The attachment work of one transaction: files uploaded (to remove if it rolls back), blobs that may have
 * lost their last reference (resolved at the next flush), and purges queued (files to delete once it
 * commits). Created on the first event that needs it; discarded when the transaction completes.
 */
public final class TransactionWork implements TransactionCompletionCallbacks.AfterCompletionCallback {

	private static final Logger LOG = Logger.getLogger( TransactionWork.class );

	private final Outbox outbox;
	private final Runnable onCompletion;

	/** key -> upload intent row; the file must go if the transaction does not commit. */
	private final Map<String, PurgeRecord> uploads = new LinkedHashMap<>();
	/** key -> storage service of uploads without an intent row (setting upload.intent=none). */
	private final Map<String, String> untrackedUploads = new LinkedHashMap<>();
	/** Blob ids that lost a reference under PURGE; purged at flush if nothing else references them. */
	private final Set<Object> purgeCandidates = new LinkedHashSet<>();
	/** Blob ids already purged in this transaction. */
	private final Set<Object> purgedBlobIds = new LinkedHashSet<>();
	/**
	 * Upload intents this transaction could not delete because its snapshot predates them (REPEATABLE READ,
	 * SERIALIZABLE): forgotten right after commit. Left behind by a crash, the worker finds their blob rows and
	 * keeps the files.
	 */
	private final List<Long> intentsOutOfSight = new ArrayList<>();
	/** Outbox rows inserted in this transaction; their files are deleted right after commit. */
	private final List<PurgeRecord> purges = new ArrayList<>();

	public TransactionWork(Outbox outbox, Runnable onCompletion) {
		this.outbox = outbox;
		this.onCompletion = onCompletion;
	}

	public void uploaded(String key, String serviceName, PurgeRecord intentOrNull) {
		if ( intentOrNull == null ) {
			untrackedUploads.put( key, serviceName );
		}
		else {
			uploads.put( key, intentOrNull );
		}
	}

	public void intentOutOfSight(PurgeRecord intent) {
		intentsOutOfSight.add( intent.getId() );
	}

	public void purgeCandidate(Object blobId) {
		if ( !purgedBlobIds.contains( blobId ) ) {
			purgeCandidates.add( blobId );
		}
	}

	public boolean hasPurgeCandidates() {
		return !purgeCandidates.isEmpty();
	}

	/** @return the candidates, removing them from this work */
	public Set<Object> takePurgeCandidates() {
		final Set<Object> taken = new LinkedHashSet<>( purgeCandidates );
		purgeCandidates.clear();
		return taken;
	}

	public void purged(Object blobId, PurgeRecord record) {
		purgedBlobIds.add( blobId );
		purges.add( record );
	}

	public boolean isPurged(Object blobId) {
		return purgedBlobIds.contains( blobId );
	}

	@Override
	public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
		try {
			if ( success ) {
				// the blob rows are gone for good: now, and only now, delete their files
				outbox.deleteNow( purges );
				outbox.forget( intentsOutOfSight );
			}
			else {
				// nothing references these files: the rows that would have did not commit
				LOG.debugf( "Transaction rolled back: deleting %d uploaded files", uploads.size() + untrackedUploads.size() );
				untrackedUploads.forEach( outbox::deleteUntracked );
				outbox.deleteRolledBackUploads( new ArrayList<>( uploads.values() ) );
			}
		}
		catch (RuntimeException e) {
			// the outbox rows stay: the worker finishes the job
			LOG.warn( "Unable to finish attachment work after transaction completion; the outbox worker will retry", e );
		}
		finally {
			onCompletion.run();
		}
	}
}
