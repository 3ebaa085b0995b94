package io.github.hibernateattachments.internal;

import java.util.List;

import org.hibernate.action.internal.EntityDeleteAction;
import org.hibernate.engine.spi.ActionQueue;
import org.hibernate.engine.spi.ExecutableList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Fails loudly when a Hibernate ORM upgrade moves the internals the delete planner reads. If this fails,
 * the planner is off at runtime (with a warning) and deletes run in remove() call order: adapt
 * {@link HibernateInternals} to the new ORM before releasing.
 */
class HibernateInternalsTest {

	@Test
	void the_queued_deletions_of_an_action_queue_are_reachable() {
		assertThat( HibernateInternals.isDeleteOrderingSupported() )
				.as( "ActionQueue.deletions and ExecutableList.executables must exist in this Hibernate ORM" )
				.isTrue();
	}

	@Test
	void the_planner_runs_on_orm_7_and_steps_aside_where_orm_8_orders_deletes_itself() {
		assertThat( HibernateInternals.deleteOrdering( org.hibernate.Version.getVersionString(), null ) )
				.isEqualTo( HibernateInternals.DeleteOrdering.PLANNER );
		assertThat( HibernateInternals.deleteOrdering( "6.6.13.Final", "legacy" ) ).isEqualTo( HibernateInternals.DeleteOrdering.PLANNER );
		// ORM 8: the graph queue (default) sorts deletes child-first by foreign key
		assertThat( HibernateInternals.deleteOrdering( "8.0.0.Beta1", null ) ).isEqualTo( HibernateInternals.DeleteOrdering.NATIVE );
		assertThat( HibernateInternals.deleteOrdering( "8.0.0.Final", "GRAPH" ) ).isEqualTo( HibernateInternals.DeleteOrdering.NATIVE );
		// ORM 8's legacy queue: getActionQueue() changed its type, this build cannot reach it
		assertThat( HibernateInternals.deleteOrdering( "8.1.0.Final", " Legacy " ) ).isEqualTo( HibernateInternals.DeleteOrdering.UNSUPPORTED );
	}

	@Test
	void the_nullifiable_entity_keys_of_a_persistence_context_are_reachable() {
		assertThat( HibernateInternals.isNullificationControlSupported() )
				.as( "StatefulPersistenceContext.nullifiableEntityKeys must exist in this Hibernate ORM" )
				.isTrue();
	}

	@Test
	void the_live_list_is_returned_and_reordering_it_reorders_execution() throws Exception {
		final ActionQueue queue = new ActionQueue( null );
		assertThat( HibernateInternals.deletionsOrNull( queue ) ).as( "nothing queued yet" ).isNull();

		final ExecutableList<EntityDeleteAction> deletions = new ExecutableList<>( false );
		final EntityDeleteAction first = mock( EntityDeleteAction.class );
		final EntityDeleteAction second = mock( EntityDeleteAction.class );
		deletions.add( first );
		deletions.add( second );
		final var field = ActionQueue.class.getDeclaredField( "deletions" );
		field.setAccessible( true );
		field.set( queue, deletions );

		final List<EntityDeleteAction> live = HibernateInternals.deletionsOrNull( queue );
		assertThat( live ).containsExactly( first, second );
		live.sort( ( a, b ) -> a == second ? -1 : 1 );
		assertThat( deletions.get( 0 ) ).isSameAs( second );
		assertThat( deletions.iterator().next() ).as( "what executeActions() iterates" ).isSameAs( second );
	}
}
