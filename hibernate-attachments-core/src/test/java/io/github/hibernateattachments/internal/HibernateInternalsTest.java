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
