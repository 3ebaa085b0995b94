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

	/** A foreign key held by an entity's own table: a many-to-one, or a constrained one-to-one. */
	record Reference(String property, String targetRoot, boolean nullable, boolean self) {
	}

	/** root entity name -> rank; lower ranks are deleted first. */
	private final Map<String, Integer> ranks;
	/** entity name -> properties referencing the same hierarchy. */
	private final Map<String, List<String>> selfReferences;
	/** entity name -> its own foreign keys (top-level attributes). */
	private final Map<String, List<Reference>> references;
	/** root entity names in a reference cycle with other hierarchies. */
	private final Set<String> inCycle;

	private DeletePlanner(Map<String, Integer> ranks, Map<String, List<String>> selfReferences,
			Map<String, List<Reference>> references, Set<String> inCycle) {
		this.ranks = ranks;
		this.selfReferences = selfReferences;
		this.references = references;
		this.inCycle = inCycle;
	}

	static DeletePlanner from(Metadata metadata) {
		final Map<String, Set<String>> references = new LinkedHashMap<>();
		final Map<String, List<String>> selfReferences = new HashMap<>();
		final Map<String, List<Reference>> ownReferences = new HashMap<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			final String root = entity.getRootClass().getEntityName();
			final Set<String> targets = references.computeIfAbsent( root, r -> new LinkedHashSet<>() );
			for ( Property property : entity.getPropertyClosure() ) {
				final String directTarget = directTarget( property.getValue() );
				if ( directTarget != null ) {
					final PersistentClass targetClass = metadata.getEntityBinding( directTarget );
					final String targetRoot = targetClass == null ? directTarget : targetClass.getRootClass().getEntityName();
					final boolean nullable = property.getValue().getColumns().stream().allMatch( c -> c.isNullable() );
					ownReferences.computeIfAbsent( entity.getEntityName(), e -> new ArrayList<>() )
							.add( new Reference( property.getName(), targetRoot, nullable, targetRoot.equals( root ) ) );
				}
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
		final Map<String, Integer> ranks = rank( references );
		final Map<Integer, Long> perRank = new HashMap<>();
		ranks.values().forEach( r -> perRank.merge( r, 1L, Long::sum ) );
		final Set<String> inCycle = new java.util.HashSet<>();
		ranks.forEach( (root, rank) -> {
			if ( perRank.get( rank ) > 1 ) {
				inCycle.add( root );
			}
		} );
		return new DeletePlanner( ranks, selfReferences, ownReferences, Set.copyOf( inCycle ) );
	}

	/** The entity a value's own foreign key points to, or {@code null}. */
	private static String directTarget(Value value) {
		if ( value instanceof ManyToOne manyToOne ) {
			return manyToOne.getReferencedEntityName();
		}
		if ( value instanceof OneToOne oneToOne && oneToOne.isConstrained() ) {
			return oneToOne.getReferencedEntityName();
		}
		return null;
	}

	/** @return the entity's own foreign keys */
	List<Reference> referencesOf(String entityName) {
		return references.getOrDefault( entityName, List.of() );
	}

	/**
	 * Whether the planner deletes a row of {@code sourceRoot} that references a row of the target before that
	 * row, whatever order remove() was called in: then Hibernate need not null the reference out.
	 * True across hierarchies ranked apart, and for NOT NULL references within one hierarchy (rows are ordered
	 * by reference; a cycle of such rows is refused). Nullable references within a hierarchy, and references
	 * between hierarchies in a cycle, keep Hibernate's nulling: it is what breaks the cycle.
	 */
	boolean ordersBefore(String sourceRoot, Reference reference) {
		if ( reference.self() ) {
			return !reference.nullable();
		}
		final int source = rankOf( sourceRoot );
		final int target = rankOf( reference.targetRoot() );
		return source != UNKNOWN_RANK && target != UNKNOWN_RANK && source < target;
	}

	boolean isInCycle(String root) {
		return inCycle.contains( root );
	}

	/** @return the simple names of the hierarchies in the same cycle as {@code root}, e.g. {@code [A, B]} */
	List<String> cycleOf(String root) {
		final int rank = rankOf( root );
		return ranks.entrySet().stream()
				.filter( e -> e.getValue() == rank )
				.map( e -> AttachedAttribute.simpleName( e.getKey() ) )
				.sorted()
				.toList();
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

	/**
	 * Ranks hierarchies so that a referencing one comes before the ones it references: strongly connected
	 * components (Tarjan), then a topological order of the components (Kahn), ties in mapping order. The
	 * hierarchies of one component (a reference cycle) share a rank and keep their call order.
	 */
	static Map<String, Integer> rank(Map<String, Set<String>> references) {
		final List<String> nodes = new ArrayList<>( references.keySet() );
		references.values().forEach( targets -> targets.forEach( t -> {
			if ( !references.containsKey( t ) && !nodes.contains( t ) ) {
				nodes.add( t );
			}
		} ) );
		final Map<String, Integer> component = new Tarjan( nodes, references ).components();
		final int count = component.values().stream().mapToInt( Integer::intValue ).max().orElse( -1 ) + 1;
		// edges between components, and their in-degrees
		final List<Set<Integer>> edges = new ArrayList<>();
		for ( int i = 0; i < count; i++ ) {
			edges.add( new LinkedHashSet<>() );
		}
		final int[] incoming = new int[count];
		references.forEach( (node, targets) -> targets.forEach( target -> {
			final int from = component.get( node );
			final int to = component.get( target );
			if ( from != to && edges.get( from ).add( to ) ) {
				incoming[to]++;
			}
		} ) );
		// Kahn over components, in mapping order of their first node
		final List<Integer> order = new ArrayList<>();
		final List<Integer> firstSeen = new ArrayList<>();
		for ( String node : nodes ) {
			final int c = component.get( node );
			if ( !firstSeen.contains( c ) ) {
				firstSeen.add( c );
			}
		}
		final Deque<Integer> ready = new ArrayDeque<>();
		firstSeen.stream().filter( c -> incoming[c] == 0 ).forEach( ready::add );
		while ( !ready.isEmpty() ) {
			final int c = ready.poll();
			order.add( c );
			for ( int target : edges.get( c ) ) {
				if ( --incoming[target] == 0 ) {
					ready.add( target );
				}
			}
		}
		final Map<String, Integer> ranks = new HashMap<>();
		for ( String node : nodes ) {
			ranks.put( node, order.indexOf( component.get( node ) ) );
		}
		final Map<Integer, List<String>> members = new HashMap<>();
		nodes.forEach( n -> members.computeIfAbsent( component.get( n ), c -> new ArrayList<>() ).add( n ) );
		members.values().stream().filter( m -> m.size() > 1 ).forEach( cycle -> LOG.warnf(
				"Entities %s reference each other in a cycle: their deletes keep the order remove() was called,"
						+ " and Hibernate nulls nullable references between them first", cycle ) );
		return Map.copyOf( ranks );
	}

	/** Tarjan's strongly connected components, iterative-free for the small graphs of a mapping. */
	private static final class Tarjan {
		private final List<String> nodes;
		private final Map<String, Set<String>> edges;
		private final Map<String, Integer> index = new HashMap<>();
		private final Map<String, Integer> low = new HashMap<>();
		private final Deque<String> stack = new ArrayDeque<>();
		private final Set<String> onStack = new java.util.HashSet<>();
		private final Map<String, Integer> component = new HashMap<>();
		private int counter;
		private int components;

		Tarjan(List<String> nodes, Map<String, Set<String>> edges) {
			this.nodes = nodes;
			this.edges = edges;
		}

		Map<String, Integer> components() {
			for ( String node : nodes ) {
				if ( !index.containsKey( node ) ) {
					visit( node );
				}
			}
			return component;
		}

		private void visit(String node) {
			index.put( node, counter );
			low.put( node, counter++ );
			stack.push( node );
			onStack.add( node );
			for ( String target : edges.getOrDefault( node, Set.of() ) ) {
				if ( !index.containsKey( target ) ) {
					visit( target );
					low.put( node, Math.min( low.get( node ), low.get( target ) ) );
				}
				else if ( onStack.contains( target ) ) {
					low.put( node, Math.min( low.get( node ), index.get( target ) ) );
				}
			}
			if ( low.get( node ).equals( index.get( node ) ) ) {
				String member;
				do {
					member = stack.pop();
					onStack.remove( member );
					component.put( member, components );
				}
				while ( !member.equals( node ) );
				components++;
			}
		}
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
		sortByRank( deletions );
		if ( !selfReferences.isEmpty() ) {
			orderSelfReferences( session, deletions );
		}
	}

	/**
	 * A stable bucket sort by rank, each action ranked once (consecutive actions of one hierarchy share the
	 * lookup); returns at once when the queue is already in order, the common case.
	 */
	private void sortByRank(List<EntityDeleteAction> deletions) {
		final int size = deletions.size();
		final int[] ranks = new int[size];
		String lastRoot = null;
		int lastRank = 0;
		boolean sorted = true;
		for ( int i = 0; i < size; i++ ) {
			final String root = deletions.get( i ).getPersister().getRootEntityName();
			if ( root != lastRoot ) {
				lastRank = rankOf( root );
				lastRoot = root;
			}
			ranks[i] = lastRank;
			sorted &= i == 0 || ranks[i - 1] <= lastRank;
		}
		if ( sorted ) {
			return;
		}
		final java.util.TreeMap<Integer, List<EntityDeleteAction>> buckets = new java.util.TreeMap<>();
		for ( int i = 0; i < size; i++ ) {
			buckets.computeIfAbsent( ranks[i], r -> new ArrayList<>() ).add( deletions.get( i ) );
		}
		int i = 0;
		for ( List<EntityDeleteAction> bucket : buckets.values() ) {
			for ( EntityDeleteAction action : bucket ) {
				deletions.set( i++, action );
			}
		}
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
		if ( placed.size() < run.size() ) {
			// what is left references itself in a cycle that no delete order satisfies; Hibernate has nulled
			// every nullable reference of it already (those edges are gone), so these are NOT NULL
			final List<String> rows = run.stream().filter( a -> !placed.contains( a ) )
					.map( a -> AttachedAttribute.simpleName( a.getEntityName() ) + "#" + a.getId() ).toList();
			throw new io.github.hibernateattachments.AttachmentException( "Unable to delete " + rows
					+ ": these rows reference each other in a cycle through NOT NULL foreign keys "
					+ selfReferences.get( run.get( 0 ).getPersister().getEntityName() )
					+ ", so no order of DELETE statements satisfies them; nothing was deleted. Point one of them"
					+ " elsewhere and flush first, or make the reference nullable" );
		}
		return ordered;
	}

	/**
	 * The row a reference points to when the DELETE runs: the deleted state, in which Hibernate has nulled
	 * references to entities removed earlier (and issues an UPDATE for them first), except for columns it
	 * cannot update, which keep their loaded value.
	 */
	private static Object referencedValue(EventSource session, EntityDeleteAction action, String property) {
		final var persister = action.getPersister();
		final String[] names = persister.getPropertyNames();
		for ( int i = 0; i < names.length; i++ ) {
			if ( names[i].equals( property ) ) {
				final Object[] deletedState = action.getState();
				if ( deletedState != null && persister.getPropertyUpdateability()[i] ) {
					return deletedState[i];
				}
				final EntityEntry entry = session.getPersistenceContextInternal().getEntry( action.getInstance() );
				final Object[] loaded = entry == null ? null : entry.getLoadedState();
				return loaded == null ? ( deletedState == null ? null : deletedState[i] ) : loaded[i];
			}
		}
		return null;
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
