package io.github.hibernateattachments.internal.planner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.hibernateattachments.internal.planner.ForeignKeyModel.Key;
import io.github.hibernateattachments.internal.planner.ForeignKeyModel.ToOneKey;

/**
 * Which entity's deletes must run before which other entity's, from the foreign keys of a
 * {@link ForeignKeyModel} (and the database's own keys). An entity's delete removes rows from its own tables,
 * and through {@code ON DELETE CASCADE} from the tables that cascade from them; when one of those rows may
 * reference a row of another entity through a restricting foreign key, the first entity's deletes must run
 * before the second's: an edge. Nothing else orders two entities.
 * <p>
 * Entities in a cycle of edges (a strongly connected component) cannot be ordered against each other: their
 * deletes keep Hibernate's order. Within such a cycle, rows are ordered one by one only where every key of the
 * cycle is a top-level to-one attribute whose value can be read (an employee's manager).
 */
final class DeleteGraph {

	/** A graph that knows no entity: nothing is moved, nothing is hidden from Hibernate's nulling. */
	static final DeleteGraph NONE = new DeleteGraph( Map.of(), new int[0], new BitSet[0], List.of(), new BitSet(), List.of() );

	private final Map<String, Integer> nodes;
	/** node -> its strongly connected component */
	private final int[] component;
	/** node -> the nodes whose deletes must run before its own (different components only) */
	private final BitSet[] predecessors;
	/** node -> the to-one attributes that reference rows of its own component, if rows can be ordered by them */
	private final List<List<String>> rowReferences;
	/** component -> whether its rows can be ordered by {@link #rowReferences} */
	private final BitSet rowOrdered;
	/** node -> the to-one attributes the planner orders before their target (no nulling needed) */
	private final List<Set<String>> orderedReferences;

	private DeleteGraph(Map<String, Integer> nodes, int[] component, BitSet[] predecessors,
			List<List<String>> rowReferences, BitSet rowOrdered, List<Set<String>> orderedReferences) {
		this.nodes = nodes;
		this.component = component;
		this.predecessors = predecessors;
		this.rowReferences = rowReferences;
		this.rowOrdered = rowOrdered;
		this.orderedReferences = orderedReferences;
	}

	static DeleteGraph build(ForeignKeyModel model, List<Key> databaseKeys) {
		final List<Key> keys = merged( model.keys(), databaseKeys );
		final List<String> names = new ArrayList<>( model.entities() );
		final Map<String, Integer> nodes = new HashMap<>();
		names.forEach( name -> nodes.put( name, nodes.size() ) );
		final int n = names.size();

		// table -> entities whose rows are in it
		final Map<Integer, BitSet> owners = new HashMap<>();
		for ( int node = 0; node < n; node++ ) {
			for ( int table : model.ownTables( names.get( node ) ) ) {
				owners.computeIfAbsent( table, t -> new BitSet() ).set( node );
			}
		}
		// edges: entity -> entities its deletes must precede, and the keys that make them
		final List<BitSet> edges = new ArrayList<>();
		final List<List<Integer>> edgeKeys = new ArrayList<>();
		for ( int node = 0; node < n; node++ ) {
			final Set<Integer> removed = cascadeClosure( model.ownTables( names.get( node ) ), keys );
			final BitSet targets = new BitSet();
			final List<Integer> through = new ArrayList<>();
			for ( int k = 0; k < keys.size(); k++ ) {
				final Key key = keys.get( k );
				if ( key.restricting() && !key.sameRow() && removed.contains( key.from() ) && owners.containsKey( key.to() ) ) {
					targets.or( owners.get( key.to() ) );
					through.add( k );
				}
			}
			edges.add( targets );
			edgeKeys.add( through );
		}
		final int[] component = new Tarjan( edges ).components();
		final BitSet[] predecessors = new BitSet[n];
		for ( int node = 0; node < n; node++ ) {
			predecessors[node] = new BitSet();
		}
		for ( int node = 0; node < n; node++ ) {
			final BitSet targets = edges.get( node );
			for ( int t = targets.nextSetBit( 0 ); t >= 0; t = targets.nextSetBit( t + 1 ) ) {
				if ( component[t] != component[node] ) {
					predecessors[t].set( node );
				}
			}
		}
		// rows of a cycle can be ordered when each key inside it is a to-one attribute of the referencing entity
		final List<List<String>> rowReferences = new ArrayList<>();
		final BitSet unordered = new BitSet();
		final BitSet cyclic = new BitSet();
		for ( int node = 0; node < n; node++ ) {
			final Set<String> references = new LinkedHashSet<>();
			final Set<Integer> own = model.ownTables( names.get( node ) );
			final List<ToOneKey> toOnes = model.toOneKeys( names.get( node ) );
			for ( int k : edgeKeys.get( node ) ) {
				final Key key = keys.get( k );
				if ( !sameComponent( owners.get( key.to() ), component, component[node] ) ) {
					continue;
				}
				cyclic.set( component[node] );
				final var toOne = toOnes.stream().filter( t -> t.keyIndex() == k ).findFirst();
				if ( own.contains( key.from() ) && toOne.isPresent() ) {
					references.add( toOne.get().property() );
				}
				else {
					unordered.set( component[node] ); // a key no attribute of this entity maps
				}
			}
			rowReferences.add( List.copyOf( references ) );
		}
		final BitSet rowOrdered = (BitSet) cyclic.clone();
		rowOrdered.andNot( unordered );
		// to-one attributes whose target the planner deletes later anyway: Hibernate need not null them
		final List<Set<String>> orderedReferences = new ArrayList<>();
		for ( int node = 0; node < n; node++ ) {
			final Set<String> ordered = new HashSet<>();
			for ( ToOneKey toOne : model.toOneKeys( names.get( node ) ) ) {
				final Key key = keys.get( toOne.keyIndex() );
				final BitSet targets = owners.get( key.to() );
				if ( !key.restricting() || key.sameRow() || targets == null || !model.ownTables( names.get( node ) ).contains( key.from() ) ) {
					continue;
				}
				boolean always = true;
				for ( int t = targets.nextSetBit( 0 ); t >= 0 && always; t = targets.nextSetBit( t + 1 ) ) {
					always = component[t] != component[node]
							|| !toOne.nullable() && rowOrdered.get( component[node] );
				}
				if ( always ) {
					ordered.add( toOne.property() );
				}
			}
			orderedReferences.add( Set.copyOf( ordered ) );
		}
		return new DeleteGraph( Map.copyOf( nodes ), component, predecessors, rowReferences, rowOrdered, orderedReferences );
	}

	private static boolean sameComponent(BitSet nodes, int[] component, int target) {
		for ( int t = nodes.nextSetBit( 0 ); t >= 0; t = nodes.nextSetBit( t + 1 ) ) {
			if ( component[t] == target ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The mapped keys, each merged with the database's key on the same columns (restricting or cascading if
	 * either says so), then the database's keys the mapping does not know.
	 */
	private static List<Key> merged(List<Key> mapped, List<Key> database) {
		final List<Key> keys = new ArrayList<>( mapped );
		for ( Key key : database ) {
			boolean known = false;
			for ( int k = 0; k < mapped.size() && !known; k++ ) {
				final Key m = mapped.get( k );
				if ( m.from() == key.from() && m.to() == key.to() && m.columns().equals( key.columns() ) ) {
					keys.set( k, new Key( m.from(), m.to(), m.columns(), m.restricting() || key.restricting(),
							m.cascading() || key.cascading(), m.sameRow() ) );
					known = true;
				}
			}
			if ( !known ) {
				keys.add( key );
			}
		}
		return keys;
	}

	/** The tables whose rows go when rows of {@code tables} are deleted: those tables, and what cascades from them. */
	private static Set<Integer> cascadeClosure(Set<Integer> tables, List<Key> keys) {
		final Set<Integer> closure = new HashSet<>( tables );
		final Deque<Integer> work = new ArrayDeque<>( tables );
		while ( !work.isEmpty() ) {
			final int table = work.poll();
			for ( Key key : keys ) {
				if ( key.cascading() && key.to() == table && closure.add( key.from() ) ) {
					work.add( key.from() );
				}
			}
		}
		return closure;
	}

	/** @return the node of an entity, or -1 for an entity this graph does not know */
	int nodeOf(String entityName) {
		final Integer node = nodes.get( entityName );
		return node == null ? -1 : node;
	}

	int componentOf(int node) {
		return component[node];
	}

	/** @return the nodes whose deletes must run before the node's own; never in the node's own component */
	BitSet predecessorsOf(int node) {
		return predecessors[node];
	}

	/** @return whether the rows of the node's component can be ordered by their to-one attributes */
	boolean ordersRowsOf(int node) {
		return rowOrdered.get( component[node] );
	}

	/** @return the to-one attributes through which rows of the node reference rows of its own component */
	List<String> rowReferencesOf(int node) {
		return rowReferences.get( node );
	}

	/**
	 * @return whether a row of the entity is always deleted before the row its to-one attribute
	 * {@code property} references, when both are deleted in one flush
	 */
	boolean ordersBefore(String entityName, String property) {
		final int node = nodeOf( entityName );
		return node >= 0 && orderedReferences.get( node ).contains( property );
	}

	/** Tarjan's strongly connected components over a small graph. */
	private static final class Tarjan {
		private final List<BitSet> edges;
		private final int[] index;
		private final int[] low;
		private final boolean[] onStack;
		private final int[] component;
		private final Deque<Integer> stack = new ArrayDeque<>();
		private int counter = 1;
		private int components;

		Tarjan(List<BitSet> edges) {
			this.edges = edges;
			this.index = new int[edges.size()];
			this.low = new int[edges.size()];
			this.onStack = new boolean[edges.size()];
			this.component = new int[edges.size()];
		}

		int[] components() {
			for ( int node = 0; node < edges.size(); node++ ) {
				if ( index[node] == 0 ) {
					visit( node );
				}
			}
			return component;
		}

		private void visit(int node) {
			index[node] = counter;
			low[node] = counter++;
			stack.push( node );
			onStack[node] = true;
			final BitSet targets = edges.get( node );
			for ( int target = targets.nextSetBit( 0 ); target >= 0; target = targets.nextSetBit( target + 1 ) ) {
				if ( index[target] == 0 ) {
					visit( target );
					low[node] = Math.min( low[node], low[target] );
				}
				else if ( onStack[target] ) {
					low[node] = Math.min( low[node], index[target] );
				}
			}
			if ( low[node] == index[node] ) {
				int member;
				do {
					member = stack.pop();
					onStack[member] = false;
					component[member] = components;
				}
				while ( member != node );
				components++;
			}
		}
	}
}
