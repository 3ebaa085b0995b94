package io.github.hibernateattachments.internal.planner;

import java.sql.Connection;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import io.github.hibernateattachments.internal.AssertionFailure;
import io.github.hibernateattachments.internal.HibernateInternals;

import org.hibernate.action.internal.EntityDeleteAction;
import org.hibernate.event.spi.EventSource;
import org.jboss.logging.Logger;

/**
 * Reorders the entity deletes a flush is about to execute so that every known foreign key holds at every
 * statement, and moves nothing else. Hibernate ORM 7 executes deletes in the order {@code remove()} was called
 * (and cascades reached them); this makes {@code remove(parent); remove(child)} work against real foreign keys.
 * <ol>
 *     <li>If the queue already satisfies every edge of the {@link DeleteGraph}, it is left exactly as it is.</li>
 *     <li>Otherwise, only the deletes of entities connected by an edge to a delete that is out of order are
 *     reordered, in the queue positions they already occupy; the deletes of every other entity stay where
 *     they were. Within them, each entity's deletes are kept together (JDBC batching) and entities follow the
 *     foreign keys child-first; entities in a cycle of foreign keys keep their relative order.</li>
 *     <li>In a cycle whose keys are readable to-one attributes (an employee's manager), rows are deleted before
 *     the rows they reference. Where a value cannot be read without loading it, or rows reference each other
 *     in a cycle, their order is left alone: the planner never guesses.</li>
 * </ol>
 * The graph is built on the first flush that needs it: the mapping's foreign keys, plus the database's own
 * (read once through the session's connection, unless turned off).
 */
final class DeletePlanner {

	private static final Logger LOG = Logger.getLogger( DeletePlanner.class );

	private final ForeignKeyModel model;
	private final boolean readDatabaseKeys;
	private volatile DeleteGraph graph;

	DeletePlanner(ForeignKeyModel model, boolean readDatabaseKeys) {
		this.model = model;
		this.readDatabaseKeys = readDatabaseKeys;
	}

	/** @return the graph, built on first use with the database's keys read through the session's connection */
	DeleteGraph graph(EventSource session) {
		DeleteGraph result = graph;
		if ( result == null ) {
			synchronized ( this ) {
				result = graph;
				if ( result == null ) {
					try {
						result = DeleteGraph.build( model, readDatabaseKeys ? databaseKeys( session ) : List.of() );
					}
					catch (RuntimeException e) {
						LOG.warn( "Unable to build the foreign-key graph of the delete planner: deletes run in"
								+ " Hibernate's own order", e );
						result = DeleteGraph.NONE;
					}
					graph = result;
				}
			}
		}
		return result;
	}

	/** Reads the keys inside a savepoint where there is one, so that a failed read cannot spoil the transaction. */
	private List<ForeignKeyModel.Key> databaseKeys(EventSource session) {
		final Connection connection = session.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
		Savepoint savepoint = null;
		try {
			if ( !connection.getAutoCommit() ) {
				savepoint = connection.setSavepoint();
			}
		}
		catch (java.sql.SQLException | RuntimeException e) {
			LOG.debugf( "No savepoint for reading foreign keys: %s", e );
		}
		final List<ForeignKeyModel.Key> keys = DatabaseForeignKeys.read( connection, model );
		if ( savepoint != null ) {
			try {
				if ( keys.isEmpty() ) {
					connection.rollback( savepoint );
				}
				else {
					connection.releaseSavepoint( savepoint );
				}
			}
			catch (java.sql.SQLException | RuntimeException e) {
				LOG.debugf( "Unable to end the savepoint of reading foreign keys: %s", e );
			}
		}
		return keys;
	}

	/** Reorders the session's queued deletes in place, just before they execute. */
	void sort(EventSource session) {
		final List<EntityDeleteAction> deletions = HibernateInternals.deletionsOrNull( session.getActionQueue() );
		if ( deletions == null || deletions.size() < 2 ) {
			return;
		}
		final DeleteGraph graph = graph( session );
		final int[] nodes = nodesOf( deletions, graph );
		final BitSet outOfOrder = outOfOrder( nodes, graph );
		if ( !outOfOrder.isEmpty() ) {
			reorderEntities( deletions, nodes, outOfOrder, graph );
		}
		RowOrder.orderRows( session, deletions, nodes, graph );
	}

	private static int[] nodesOf(List<EntityDeleteAction> deletions, DeleteGraph graph) {
		final int[] nodes = new int[deletions.size()];
		String last = null;
		int node = -1;
		for ( int i = 0; i < nodes.length; i++ ) {
			final String name = deletions.get( i ).getPersister().getEntityName();
			if ( !name.equals( last ) ) {
				last = name;
				node = graph.nodeOf( name );
			}
			nodes[i] = node;
		}
		return nodes;
	}

	/** @return the nodes of deletes that a later delete must precede */
	private static BitSet outOfOrder(int[] nodes, DeleteGraph graph) {
		final BitSet later = new BitSet();
		final BitSet outOfOrder = new BitSet();
		for ( int i = nodes.length - 1; i >= 0; i-- ) {
			if ( nodes[i] >= 0 ) {
				if ( later.intersects( graph.predecessorsOf( nodes[i] ) ) ) {
					outOfOrder.set( nodes[i] );
				}
				later.set( nodes[i] );
			}
		}
		return outOfOrder;
	}

	/**
	 * Reorders the deletes of each group of entities connected by edges that holds an out-of-order delete,
	 * within the positions the group occupies: cycles (components) in an order that follows the edges, ties by
	 * first appearance, each component's deletes together and in their original order.
	 */
	private static void reorderEntities(List<EntityDeleteAction> deletions, int[] nodes, BitSet outOfOrder, DeleteGraph graph) {
		final Map<Integer, Integer> group = groups( nodes, graph );
		final BitSet groupsToSort = new BitSet();
		outOfOrder.stream().forEach( node -> groupsToSort.set( group.get( node ) ) );
		for ( int g = groupsToSort.nextSetBit( 0 ); g >= 0; g = groupsToSort.nextSetBit( g + 1 ) ) {
			final List<Integer> positions = new ArrayList<>();
			// component -> its deletes in queue order; components in order of first appearance
			final Map<Integer, List<EntityDeleteAction>> byComponent = new LinkedHashMap<>();
			final Map<Integer, BitSet> componentNodes = new HashMap<>();
			for ( int i = 0; i < nodes.length; i++ ) {
				if ( nodes[i] >= 0 && group.get( nodes[i] ) == g ) {
					positions.add( i );
					final int component = graph.componentOf( nodes[i] );
					byComponent.computeIfAbsent( component, c -> new ArrayList<>() ).add( deletions.get( i ) );
					componentNodes.computeIfAbsent( component, c -> new BitSet() ).set( nodes[i] );
				}
			}
			final List<EntityDeleteAction> ordered = new ArrayList<>( positions.size() );
			for ( int component : topologicalOrder( byComponent, componentNodes, graph ) ) {
				ordered.addAll( byComponent.get( component ) );
			}
			for ( int p = 0; p < positions.size(); p++ ) {
				deletions.set( positions.get( p ), ordered.get( p ) );
				nodes[positions.get( p )] = graph.nodeOf( ordered.get( p ).getPersister().getEntityName() );
			}
		}
	}

	/** node -> group: nodes joined by an edge between them, or by a cycle they share. */
	private static Map<Integer, Integer> groups(int[] nodes, DeleteGraph graph) {
		final Map<Integer, Integer> parent = new LinkedHashMap<>();
		for ( int node : nodes ) {
			if ( node >= 0 ) {
				parent.putIfAbsent( node, node );
			}
		}
		final Map<Integer, Integer> componentRoot = new HashMap<>();
		for ( int node : parent.keySet() ) {
			final BitSet predecessors = graph.predecessorsOf( node );
			for ( int other : parent.keySet() ) {
				if ( predecessors.get( other ) ) {
					union( parent, node, other );
				}
			}
			final Integer sameCycle = componentRoot.putIfAbsent( graph.componentOf( node ), node );
			if ( sameCycle != null ) {
				union( parent, node, sameCycle );
			}
		}
		final Map<Integer, Integer> group = new HashMap<>();
		parent.keySet().forEach( node -> group.put( node, find( parent, node ) ) );
		return group;
	}

	private static int find(Map<Integer, Integer> parent, int node) {
		int root = node;
		while ( parent.get( root ) != root ) {
			root = parent.get( root );
		}
		return root;
	}

	private static void union(Map<Integer, Integer> parent, int a, int b) {
		parent.put( find( parent, a ), find( parent, b ) );
	}

	/** Kahn's algorithm over the components present, the earliest first among those ready. */
	private static List<Integer> topologicalOrder(Map<Integer, List<EntityDeleteAction>> byComponent,
			Map<Integer, BitSet> componentNodes, DeleteGraph graph) {
		final List<Integer> components = new ArrayList<>( byComponent.keySet() );
		final int size = components.size();
		final int[] incoming = new int[size];
		final List<List<Integer>> successors = new ArrayList<>();
		for ( int a = 0; a < size; a++ ) {
			successors.add( new ArrayList<>() );
		}
		for ( int b = 0; b < size; b++ ) {
			final BitSet predecessors = new BitSet();
			final BitSet members = componentNodes.get( components.get( b ) );
			members.stream().forEach( node -> predecessors.or( graph.predecessorsOf( node ) ) );
			for ( int a = 0; a < size; a++ ) {
				if ( a != b && predecessors.intersects( componentNodes.get( components.get( a ) ) ) ) {
					successors.get( a ).add( b );
					incoming[b]++;
				}
			}
		}
		final PriorityQueue<Integer> ready = new PriorityQueue<>();
		for ( int c = 0; c < size; c++ ) {
			if ( incoming[c] == 0 ) {
				ready.add( c );
			}
		}
		final List<Integer> order = new ArrayList<>( size );
		while ( !ready.isEmpty() ) {
			final int c = ready.poll();
			order.add( components.get( c ) );
			for ( int successor : successors.get( c ) ) {
				if ( --incoming[successor] == 0 ) {
					ready.add( successor );
				}
			}
		}
		if ( order.size() != size ) {
			throw new AssertionFailure( "Components of the delete graph form a cycle: " + components );
		}
		return order;
	}

	/**
	 * @return whether a row of the entity is always deleted before the row its to-one attribute references,
	 * when both are deleted in one flush: then Hibernate need not null the reference out first
	 */
	boolean ordersBefore(EventSource session, String entityName, String property) {
		return graph( session ).ordersBefore( entityName, property );
	}
}
