package io.github.hibernateattachments.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeletePlannerTest {

	private static Map<String, Set<String>> graph(Object... pairs) {
		final Map<String, Set<String>> graph = new LinkedHashMap<>();
		for ( int i = 0; i < pairs.length; i += 2 ) {
			graph.put( (String) pairs[i], (Set<String>) pairs[i + 1] );
		}
		return graph;
	}

	@Test
	void a_referencing_hierarchy_ranks_before_what_it_references() {
		// grandchild -> child -> parent, declared in the "wrong" order
		final Map<String, Integer> ranks = DeletePlanner.rank( graph(
				"Parent", Set.of(), "Child", Set.of( "Parent" ), "Grandchild", Set.of( "Child" ) ) );
		assertThat( ranks.get( "Grandchild" ) ).isLessThan( ranks.get( "Child" ) );
		assertThat( ranks.get( "Child" ) ).isLessThan( ranks.get( "Parent" ) );
	}

	@Test
	void a_cycle_shares_one_rank_and_what_it_references_still_comes_after_it() {
		// D -> A <-> B, and both A and B reference the blob table C
		final Map<String, Integer> ranks = DeletePlanner.rank( graph(
				"A", Set.of( "B", "C" ), "B", Set.of( "A", "C" ), "C", Set.of(), "D", Set.of( "A" ) ) );
		assertThat( ranks.get( "A" ) ).isEqualTo( ranks.get( "B" ) );
		assertThat( ranks.get( "D" ) ).isLessThan( ranks.get( "A" ) );
		assertThat( ranks.get( "C" ) ).isGreaterThan( ranks.get( "A" ) );
	}

	@Test
	void independent_hierarchies_get_distinct_ranks_so_each_table_stays_one_run() {
		final Map<String, Integer> ranks = DeletePlanner.rank( graph( "X", Set.of(), "Y", Set.of(), "Z", Set.of() ) );
		assertThat( Set.copyOf( ranks.values() ) ).hasSize( 3 );
	}

	@Test
	void a_target_outside_the_mapping_is_ranked_too() {
		final Map<String, Integer> ranks = DeletePlanner.rank( graph( "A", Set.of( "External" ) ) );
		assertThat( ranks.get( "A" ) ).isLessThan( ranks.get( "External" ) );
	}
}
