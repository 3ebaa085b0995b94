package io.github.hibernateattachments.internal.event;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.PurgeAction;
import io.github.hibernateattachments.internal.AttachmentsRuntime;
import io.github.hibernateattachments.internal.HibernateInternals;
import io.github.hibernateattachments.internal.model.AttachedAttribute;
import io.github.hibernateattachments.internal.model.AttachmentAccess;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.DetachedBlob;
import io.github.hibernateattachments.internal.upload.PendingContent;
import io.github.hibernateattachments.internal.upload.Uploader;

import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.persister.entity.EntityPersister;

/**
 * What happens before each flush (and auto-flush) executes, for the owners in the persistence context:
 * <ol>
 *     <li>replaced or removed attachments are checked against their {@link PurgeAction}: RESTRICT fails
 *     before anything is uploaded; PURGE makes the old blob a purge candidate;</li>
 *     <li>pending attachments are uploaded and their blob rows persisted;</li>
 *     <li>purge candidates that nothing references any more (in the session or in the database) are removed,
 *     with an outbox row for their file, so that this flush deletes them after the rows that referenced them.</li>
 * </ol>
 */
public final class FlushPreparation {

	private final AttachmentsRuntime runtime;
	private final OwnerValues values;
	private final PurgeResolver resolver;
	/** Sessions being prepared right now, on this or another thread. */
	private final Set<Object> preparing = java.util.Collections.newSetFromMap( new java.util.concurrent.ConcurrentHashMap<>() );

	public FlushPreparation(AttachmentsRuntime runtime, OwnerValues values) {
		this.runtime = runtime;
		this.values = values;
		this.resolver = new PurgeResolver( runtime );
	}

	public void prepare(SessionImplementor session) {
		final var persistenceContext = session.getPersistenceContextInternal();
		final TransactionWork existing = runtime.workOrNull( session );
		final boolean candidates = existing != null && existing.hasPurgeCandidates();
		if ( persistenceContext.getNumberOfManagedEntities() == 0 && !candidates || !preparing.add( session ) ) {
			return; // nothing to do, or re-entered from one of our own queries
		}
		try {
			doPrepare( session, persistenceContext );
		}
		finally {
			preparing.remove( session );
		}
	}

	private void doPrepare(SessionImplementor session, org.hibernate.engine.spi.PersistenceContext persistenceContext) {
		final List<Pending> pending = new ArrayList<>();
		final Set<Object> removedUnderPurge = new LinkedHashSet<>();
		final Set<Object> detached = new LinkedHashSet<>();
		final Set<Object> referencedInSession = new HashSet<>();
		final Set<String> knownOwners = new HashSet<>();
		for ( Map.Entry<Object, EntityEntry> me : persistenceContext.reentrantSafeEntityEntries() ) {
			final EntityEntry entry = me.getValue();
			final List<AttachedAttribute> attributes = runtime.model().attributesOf( entry.getEntityName() );
			if ( attributes.isEmpty() ) {
				continue;
			}
			final Status status = entry.getStatus();
			if ( status == Status.DELETED || status == Status.GONE ) {
				for ( AttachedAttribute attribute : attributes ) {
					knownOwners.add( PurgeResolver.ownerKey( attribute, entry.getId() ) );
				}
				continue;
			}
			if ( status != Status.MANAGED ) {
				continue;
			}
			for ( AttachedAttribute attribute : attributes ) {
				inspect( session, me.getKey(), entry, attribute, pending, removedUnderPurge, detached, referencedInSession,
						knownOwners );
			}
		}
		if ( !pending.isEmpty() ) {
			final TransactionWork work = runtime.workFor( session );
			for ( Pending p : pending ) {
				referencedInSession.add( store( session, work, p ) );
			}
		}
		if ( !removedUnderPurge.isEmpty() ) {
			final TransactionWork work = runtime.workFor( session );
			removedUnderPurge.forEach( work::purgeCandidate );
		}
		detached.removeAll( referencedInSession );
		recordDetached( session, detached );
		final TransactionWork work = runtime.workOrNull( session );
		if ( work != null && work.hasPurgeCandidates() ) {
			resolver.purgeUnreferenced( session, work, referencedInSession, knownOwners );
		}
	}

	private void inspect(SessionImplementor session, Object entity, EntityEntry entry, AttachedAttribute attribute, List<Pending> pending,
			Set<Object> removedUnderPurge, Set<Object> detached, Set<Object> referencedInSession, Set<String> knownOwners) {
		final EntityPersister persister = entry.getPersister();
		final Object current = persister.getValue( entity, values.indexOf( persister, attribute ) );
		if ( OwnerValues.isUninitialized( current ) ) {
			return; // an untouched lazy collection: the database state is its state
		}
		knownOwners.add( PurgeResolver.ownerKey( attribute, entry.getId() ) );
		final List<Attachment> attachments = OwnerValues.attachments( current );
		final Set<Object> currentIds = OwnerValues.blobIds( attachments );
		referencedInSession.addAll( currentIds );
		final Set<Object> loadedIds = values.loadedBlobIds( entry, current, attribute );
		if ( loadedIds != null ) {
			for ( Object removed : loadedIds ) {
				if ( !currentIds.contains( removed ) ) {
					onRemoved( session, entry, attribute, removed, removedUnderPurge, detached );
				}
			}
		}
		for ( Attachment attachment : attachments ) {
			final PendingContent content = AttachmentAccess.pendingOf( attachment );
			final BlobRecord blob = AttachmentAccess.blobOf( attachment );
			failIfEmpty( attachment, attribute.describe( entry.getId() ) );
			if ( content != null && blob == null ) {
				pending.add( new Pending( attachment, content, attribute, attribute.describe( entry.getId() ) ) );
			}
			else if ( blob != null && ( loadedIds == null || !loadedIds.contains( blob.getId() ) ) ) {
				lockExisting( session, attachment, attribute.describe( entry.getId() ) );
			}
		}
	}

	/**
	 * An owner newly references a blob stored earlier (a copy of another owner's attachment). Read it with a
	 * share lock, whether or not this session holds it already: a concurrent sweep, whose
	 * {@code FOR UPDATE SKIP LOCKED} conflicts with it, then skips it until this transaction ends; and if a sweep
	 * or purge deleted it already, say so, naming the blob — rather than fail on the foreign key, or, where the
	 * session holds no copy, let Hibernate take the missing row for a transient entity and store a null
	 * reference. The query always reaches the database: a row this session loaded earlier may be gone since.
	 */
	private static void lockExisting(SessionImplementor session, Attachment attachment, String owner) {
		final BlobRecord blob = AttachmentAccess.blobOf( attachment );
		final java.util.List<BlobRecord> locked = HibernateInternals.withoutAutoFlush( session.createSelectionQuery(
						"from " + BlobRecord.ENTITY_NAME + " b where b.id = :id", BlobRecord.class ) )
				.setParameter( "id", blob.getId() )
				.setLockMode( jakarta.persistence.LockModeType.PESSIMISTIC_READ )
				.getResultList();
		if ( locked.isEmpty() ) {
			throw new AttachmentException( "Unable to attach blob " + ( org.hibernate.Hibernate.isInitialized( blob )
					? "'" + blob.getKey() + "'" : "#" + blob.getId() ) + " to " + owner + ": it no longer exists (it was"
					+ " purged or swept after this Attachment was read); attach the content again" );
		}
		if ( locked.get( 0 ) != blob ) {
			AttachmentAccess.bindBlob( attachment, locked.get( 0 ) );
		}
		// referenced again: the application's decision to keep a detached blob no longer needs recording
		final DetachedBlob detached = session.find( DetachedBlob.class, blob.getId() );
		if ( detached != null ) {
			session.remove( detached );
		}
	}

	/**
	 * Records, in this flush, the blobs let go under DETACH: a row per blob in the detached-blobs table keeps
	 * it from the sweeper and from other owners' purges until the application purges it.
	 */
	private static void recordDetached(SessionImplementor session, Set<Object> blobIds) {
		for ( Object id : blobIds ) {
			if ( session.find( DetachedBlob.class, id ) == null ) {
				session.persist( new DetachedBlob( session.getReference( BlobRecord.class, id ), java.time.Instant.now() ) );
			}
		}
	}

	private void onRemoved(SessionImplementor session, EntityEntry entry, AttachedAttribute attribute, Object blobId,
			Set<Object> removedUnderPurge, Set<Object> detached) {
		switch ( attribute.policy() ) {
			case RESTRICT -> throw new AttachmentException( "Unable to replace or remove the attachment of "
					+ attribute.describe( entry.getId() ) + ": attribute '" + attribute.name()
					+ "' has @PurgePolicy(RESTRICT) and still holds " + describeBlobs( session, Set.of( blobId ) )
					+ "; nothing was changed. Use PURGE or DETACH to let it go" );
			case PURGE -> removedUnderPurge.add( blobId );
			case DETACH -> detached.add( blobId ); // the reference goes, the blob and its file stay
		}
	}

	/** Uploads one pending attachment, persists its blob row and clears its intent in this transaction. */
	private Object store(SessionImplementor session, TransactionWork work, Pending p) {
		final Uploader.Upload upload = runtime.uploader().upload( p.content(), p.attribute(), p.owner() );
		work.uploaded( upload.blob().getKey(), upload.blob().getServiceName(), upload.intent() );
		session.persist( upload.blob() );
		if ( upload.intent() != null && !runtime.outbox().clearIntent( session, upload.intent().getId() ) ) {
			work.intentOutOfSight( upload.intent() );
		}
		AttachmentAccess.bindBlob( p.attachment(), upload.blob() );
		return upload.blob().getId();
	}

	/** Stores the pending attachments of an entity being persisted, before Hibernate inserts it. */
	public void storePending(SessionImplementor session, Object entity, EntityPersister persister, Object id) {
		TransactionWork work = null;
		for ( AttachedAttribute attribute : runtime.model().attributesOf( persister.getEntityName() ) ) {
			final Object current = persister.getValue( entity, values.indexOf( persister, attribute ) );
			if ( OwnerValues.isUninitialized( current ) ) {
				continue;
			}
			for ( Attachment attachment : OwnerValues.attachments( current ) ) {
				failIfEmpty( attachment, attribute.describe( id == null ? "new" : id ) );
				final PendingContent content = AttachmentAccess.pendingOf( attachment );
				if ( content != null && AttachmentAccess.blobOf( attachment ) == null ) {
					if ( work == null ) {
						work = runtime.workFor( session );
					}
					store( session, work, new Pending( attachment, content, attribute, attribute.describe( id == null ? "new" : id ) ) );
				}
				else if ( AttachmentAccess.blobOf( attachment ) != null ) {
					lockExisting( session, attachment, attribute.describe( id == null ? "new" : id ) );
				}
			}
		}
	}

	/**
	 * Called when an owner is removed: RESTRICT fails now; PURGE makes its blobs candidates for the flush.
	 */
	public void ownerRemoved(SessionImplementor session, Object entity, EntityEntry entry) {
		final EntityPersister persister = entry.getPersister();
		final List<AttachedAttribute> attributes = runtime.model().attributesOf( persister.getEntityName() );
		final List<Object> toPurge = new ArrayList<>();
		final Set<Object> toDetach = new LinkedHashSet<>();
		for ( AttachedAttribute attribute : attributes ) {
			final Object current = persister.getValue( entity, values.indexOf( persister, attribute ) );
			final Set<Object> ids = new LinkedHashSet<>( OwnerValues.blobIds( OwnerValues.attachments( current ) ) );
			final Set<Object> loaded = values.loadedBlobIds( entry, current, attribute );
			if ( loaded != null ) {
				ids.addAll( loaded );
			}
			if ( ids.isEmpty() ) {
				continue;
			}
			switch ( attribute.policy() ) {
				case RESTRICT -> throw new AttachmentException( "Unable to delete " + attribute.jpaEntityName()
						+ "#" + entry.getId() + ": attribute '" + attribute.name()
						+ "' has @PurgePolicy(RESTRICT) and still holds " + describeBlobs( session, ids )
						+ "; nothing was changed. Remove the attachment first, or use PURGE or DETACH" );
				case PURGE -> toPurge.addAll( ids );
				case DETACH -> toDetach.addAll( ids );
			}
		}
		if ( !toPurge.isEmpty() ) {
			final TransactionWork work = runtime.workFor( session );
			toPurge.forEach( work::purgeCandidate );
		}
		recordDetached( session, toDetach );
	}

	/**
	 * An attachment with neither content nor a stored blob: a copy Hibernate made of a pending attachment
	 * without its content (the content is not persistent until stored). Storing it would write a NULL reference
	 * where the application set a file: refuse.
	 */
	private static void failIfEmpty(Attachment attachment, String owner) {
		if ( AttachmentAccess.pendingOf( attachment ) == null && AttachmentAccess.blobOf( attachment ) == null ) {
			throw new AttachmentException( "Unable to store the attachment of " + owner + ": it holds neither content"
					+ " nor a stored blob (a copy of a pending attachment, made without its content). Assign the"
					+ " Attachment returned by Attachment.of(...) itself; nothing was stored" );
		}
	}

	/** {@code blob 'key'} or {@code blobs 'key1', 'key2'}: keys, which users can find in storage and logs. */
	private static String describeBlobs(SessionImplementor session, Set<Object> ids) {
		final StringBuilder text = new StringBuilder( ids.size() == 1 ? "blob " : "blobs " );
		String separator = "";
		for ( Object id : ids ) {
			text.append( separator ).append( '\'' ).append( session.getReference( BlobRecord.class, id ).getKey() ).append( '\'' );
			separator = ", ";
		}
		return text.toString();
	}

	private record Pending(Attachment attachment, PendingContent content, AttachedAttribute attribute, String owner) {
	}

}
