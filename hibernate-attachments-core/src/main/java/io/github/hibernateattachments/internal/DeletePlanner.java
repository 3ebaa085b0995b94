package io.github.hibernateattachments.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hibernate.action.internal.EntityDeleteAction;
import org.hibernate.boot.Metadata;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.event.spi.EventSource;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.ManyToOne;
import org.hibernate.mapping.OneToOne;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Value;
import org.jboss.logging.Logger;

/**
 * Sorts the entity deletions a flush is about to execute child-first, by the foreign-key graph of the
 * mapping: a row is deleted before the rows it references. Hibernate ORM executes deletions in the order
 * {@code remove()} was called; this makes {@code remove(parent); remove(child)} work against real foreign keys.
 * <ul>
 *     <li>The graph is computed once at boot, per entity hierarchy (its root table). Each hierarchy gets a
 *     rank; a stable sort by rank keeps deletions of one table adjacent, so JDBC batching still groups
 *     them, and keeps call order among rows of the same rank.</li>
 *     <li>Within a self-referencing hierarchy (an employee's manager) rows are ordered by their references.</li>
 *     <li>Hierarchies in a reference cycle share a rank and keep their call order; a warning names the cycle
 *     at boot.</li>
 * </ul>
 */
final class DeletePlanner {

	private static final Logger LOG = Logger.getLogger( DeletePlanner.class );
	private static final int UNKNOWN_RANK = Integer.MAX_VALUE;

	/** root entity name -> rank; lower ranks are deleted first. */
	private final Map<String, Integer> ranks;
	/** entity name -> properties referencing the same hierarchy. */
	private final Map<String, List<String>> selfReferences;

	private DeletePlanner(Map<String, Integer> ranks, Map<String, List<String>> selfReferences) {
		this.ranks = ranks;
		this.selfReferences = selfReferences;
	}

	static DeletePlanner from(Metadata metadata) {
		final Map<String, Set<String>> references = new LinkedHashMap<>();
		final Map<String, List<String>> selfReferences = new HashMap<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			final String root = entity.getRootClass().getEntityName();
			final Set<String> targets = references.computeIfAbsent( root, r -> new LinkedHashSet<>() );
			for ( Property property : entity.getPropertyClosure() ) {
				final Set<String> referenced = new LinkedHashSet<>();
				collectReferences( property.getValue(), referenced );
				for ( String target : referenced ) {
					final PersistentClass targetClass = metadata.getEntityBinding( target );
					final String targetRoot = targetClass == null ? target : targetClass.getRootClass().getEntityName();
					if ( targetRoot.equals( root ) ) {
						if ( property.getValue() instanceof ManyToOne ) {
							selfReferences.computeIfAbsent( entity.getEntityName(), e -> new ArrayList<>() ).add( property.getName() );
						}
					}
					else {
						targets.add( targetRoot );
					}
				}
			}
		}
		return new DeletePlanner( rank( references ), selfReferences );
	}

	/** The entities a value's foreign keys point to (columns on the owner's side, or rows the database cascades). */
	private static void collectReferences(Value value, Set<String> into) {
		if ( value instanceof ManyToOne manyToOne ) {
			into.add( manyToOne.getReferencedEntityName() );
		}
		else if ( value instanceof OneToOne oneToOne && oneToOne.isConstrained() ) {
			into.add( oneToOne.getReferencedEntityName() );
		}
		else if ( value instanceof Component component ) {
			for ( Property property : component.getProperties() ) {
				collectReferences( property.getValue(), into );
			}
		}
		else if ( value instanceof Collection collection && collection.getKey().isCascadeDeleteEnabled() ) {
			// the database deletes these rows with the owner, so the owner goes before what they reference
			collectReferences( collection.getElement(), into );
		}
	}

	/** Kahn's algorithm, referencing hierarchies first; ties and cycles keep the mapping's order. */
	private static Map<String, Integer> rank(Map<String, Set<String>> references) {
		final Map<String, Integer> incoming = new LinkedHashMap<>();
		references.keySet().forEach( node -> incoming.put( node, 0 ) );
		references.values().forEach( targets -> targets.forEach( t -> incoming.merge( t, 1, Integer::sum ) ) );
		final Map<String, Integer> ranks = new HashMap<>();
		final Deque<String> ready = new ArrayDeque<>();
		incoming.forEach( (node, count) -> {
			if ( count == 0 ) {
				ready.add( node );
			}
		} );
		int next = 0;
		while ( !ready.isEmpty() ) {
			final String node = ready.poll();
			ranks.put( node, next++ );
			for ( String target : references.getOrDefault( node, Set.of() ) ) {
				if ( incoming.merge( target, -1, Integer::sum ) == 0 ) {
					ready.add( target );
				}
			}
		}
		if ( ranks.size() < incoming.size() ) {
			final List<String> cycle = incoming.keySet().stream().filter( n -> !ranks.containsKey( n ) ).toList();
			LOG.warnf( "Entities %s reference each other in a cycle: their deletes keep the order remove() was called", cycle );
			final int cycleRank = next;
			cycle.forEach( n -> ranks.put( n, cycleRank ) );
		}
		return Map.copyOf( ranks );
	}

	int rankOf(String rootEntityName) {
		return ranks.getOrDefault( rootEntityName, UNKNOWN_RANK );
	}

	/**
	 * Reorders the session's queued deletions in place, just before they execute.
	 */
	void sort(EventSource session) {
		final List<EntityDeleteAction> deletions = HibernateInternals.deletionsOrNull( session.getActionQueue() );
		if ( deletions == null || deletions.size() < 2 ) {
			return;
		}
		if ( !isSorted( deletions ) ) {
			deletions.sort( ( a, b ) -> Integer.compare( rankOf( a ), rankOf( b ) ) );
		}
		if ( !selfReferences.isEmpty() ) {
			orderSelfReferences( session, deletions );
		}
	}

	private boolean isSorted(List<EntityDeleteAction> deletions) {
		int previous = Integer.MIN_VALUE;
		for ( EntityDeleteAction action : deletions ) {
			final int rank = rankOf( action );
			if ( rank < previous ) {
				return false;
			}
			previous = rank;
		}
		return true;
	}

	private int rankOf(EntityDeleteAction action) {
		return rankOf( action.getPersister().getRootEntityName() );
	}

	/** Within each run of one self-referencing hierarchy, deletes a row before the rows it references. */
	private void orderSelfReferences(EventSource session, List<EntityDeleteAction> deletions) {
		int start = 0;
		while ( start < deletions.size() ) {
			final String root = deletions.get( start ).getPersister().getRootEntityName();
			int end = start + 1;
			while ( end < deletions.size() && deletions.get( end ).getPersister().getRootEntityName().equals( root ) ) {
				end++;
			}
			if ( end - start > 1 ) {
				final List<EntityDeleteAction> run = deletions.subList( start, end );
				if ( run.stream().anyMatch( a -> selfReferences.containsKey( a.getPersister().getEntityName() ) ) ) {
					final List<EntityDeleteAction> ordered = referencingFirst( session, run );
					for ( int i = 0; i < ordered.size(); i++ ) {
						run.set( i, ordered.get( i ) );
					}
				}
			}
			start = end;
		}
	}

	private List<EntityDeleteAction> referencingFirst(EventSource session, List<EntityDeleteAction> run) {
		final Map<Object, EntityDeleteAction> byId = new LinkedHashMap<>();
		run.forEach( action -> byId.put( action.getId(), action ) );
		// action -> ids of rows in this run that it references
		final Map<EntityDeleteAction, Set<Object>> referencedBy = new LinkedHashMap<>();
		final Map<Object, Integer> referencingCount = new HashMap<>();
		for ( EntityDeleteAction action : run ) {
			final Set<Object> targets = new LinkedHashSet<>();
			for ( String property : selfReferences.getOrDefault( action.getPersister().getEntityName(), List.of() ) ) {
				final Object target = referencedValue( session, action, property );
				final Object targetId = target == null ? null : idOf( session, target );
				if ( targetId != null && byId.containsKey( targetId ) && !targetId.equals( action.getId() ) ) {
					targets.add( targetId );
				}
			}
			referencedBy.put( action, targets );
			targets.forEach( id -> referencingCount.merge( id, 1, Integer::sum ) );
		}
		final List<EntityDeleteAction> ordered = new ArrayList<>( run.size() );
		final Deque<EntityDeleteAction> ready = new ArrayDeque<>();
		run.stream().filter( a -> !referencingCount.containsKey( a.getId() ) ).forEach( ready::add );
		final Set<EntityDeleteAction> placed = new java.util.HashSet<>();
		while ( !ready.isEmpty() ) {
			final EntityDeleteAction action = ready.poll();
			ordered.add( action );
			placed.add( action );
			for ( Object targetId : referencedBy.get( action ) ) {
				if ( referencingCount.merge( targetId, -1, Integer::sum ) == 0 ) {
					ready.add( byId.get( targetId ) );
				}
			}
		}
		// rows in a reference cycle keep their call order
		run.stream().filter( a -> !placed.contains( a ) ).forEach( ordered::add );
		return ordered;
	}

	private static Object referencedValue(EventSource session, EntityDeleteAction action, String property) {
		final var persister = action.getPersister();
		final String[] names = persister.getPropertyNames();
		int index = -1;
		for ( int i = 0; i < names.length; i++ ) {
			if ( names[i].equals( property ) ) {
				index = i;
				break;
			}
		}
		if ( index < 0 ) {
			return null;
		}
		// the state loaded from the database: what the foreign key holds now
		final EntityEntry entry = session.getPersistenceContextInternal().getEntry( action.getInstance() );
		final Object[] state = entry != null && entry.getLoadedState() != null ? entry.getLoadedState() : action.getState();
		return state == null ? null : state[index];
	}

	private static Object idOf(EventSource session, Object entity) {
		final var lazy = org.hibernate.proxy.HibernateProxy.extractLazyInitializer( entity );
		if ( lazy != null ) {
			return lazy.getInternalIdentifier();
		}
		final EntityEntry entry = session.getPersistenceContextInternal().getEntry( entity );
		return entry == null ? null : entry.getId();
	}
}
