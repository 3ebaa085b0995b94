package io.github.hibernateattachments.internal.event;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.hibernateattachments.internal.AttachmentsRuntime;
import io.github.hibernateattachments.internal.HibernateInternals;
import io.github.hibernateattachments.internal.model.AttachedAttribute;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.DetachedBlob;
import io.github.hibernateattachments.internal.model.PurgeRecord;

import org.hibernate.engine.spi.SessionImplementor;

/**
 * Decides which purge candidates nothing references any more, and removes them. A blob is kept while any
 * owner references it: in this session (current state), or in the database (owners whose state this
 * session does not hold). Database references are found with one query per attribute, by the indexed
 * foreign-key column.
 */
public final class PurgeResolver {

	private final AttachmentsRuntime runtime;

	public PurgeResolver(AttachmentsRuntime runtime) {
		this.runtime = runtime;
	}

	/** Identifies an owner's attribute across the subclasses of its hierarchy. */
	public static String ownerKey(AttachedAttribute attribute, Object ownerId) {
		return attribute.name() + '@' + attribute.rootEntityName() + '#' + ownerId;
	}

	public void purgeUnreferenced(SessionImplementor session, TransactionWork work, Set<Object> referencedInSession,
			Set<String> knownOwners) {
		final Set<Object> candidates = new LinkedHashSet<>( work.takePurgeCandidates() );
		candidates.removeAll( referencedInSession );
		candidates.removeIf( work::isPurged );
		if ( candidates.isEmpty() ) {
			return;
		}
		candidates.removeAll( referencedInDatabase( session, candidates, knownOwners ) );
		final List<BlobRecord> blobs = new ArrayList<>( candidates.size() );
		for ( Object id : candidates ) {
			blobs.add( session.getReference( BlobRecord.class, id ) );
		}
		for ( BlobRecord blob : blobs ) {
			final PurgeRecord purge = runtime.outbox().newPurge( blob.getKey(), blob.getServiceName() );
			session.remove( blob );
			session.persist( purge );
			work.purged( blob.getId(), purge );
		}
	}

	private Set<Object> referencedInDatabase(SessionImplementor session, Set<Object> candidates, Set<String> knownOwners) {
		// blobs an owner let go under DETACH are kept until the application purges them
		final Set<Object> referenced = new HashSet<>( HibernateInternals.withoutAutoFlush( session.createSelectionQuery(
						"select d.blobId from " + DetachedBlob.ENTITY_NAME + " d where d.blobId in (:ids)", Object.class )
				.setParameterList( "ids", candidates ) ).getResultList() );
		final Set<String> queried = new HashSet<>();
		for ( List<AttachedAttribute> attributes : runtime.model().all() ) {
			for ( AttachedAttribute attribute : attributes ) {
				// a subclass inherits the attribute: querying the root of the hierarchy once covers it
				final String queryEntity = attribute.declaringEntityName();
				if ( !queried.add( queryEntity + '.' + attribute.name() ) ) {
					continue;
				}
				final String hql = attribute.many()
						? "select id(e), a.blob.id from " + queryEntity + " e join e." + attribute.name()
								+ " a where a.blob.id in (:ids)"
						: "select id(e), e." + attribute.name() + ".blob.id from " + queryEntity + " e where e."
								+ attribute.name() + ".blob.id in (:ids)";
				final List<Object[]> rows = HibernateInternals.withoutAutoFlush(
								session.createSelectionQuery( hql, Object[].class ).setParameterList( "ids", candidates ) )
						.getResultList();
				for ( Object[] row : rows ) {
					if ( !knownOwners.contains( ownerKey( attribute, row[0] ) ) ) {
						referenced.add( row[1] );
					}
				}
			}
		}
		return referenced;
	}
}
