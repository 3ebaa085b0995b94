package io.github.hibernateattachments.test.enhanced;

import java.util.List;

import io.github.hibernateattachments.test.DatabaseTest;
import io.github.hibernateattachments.test.Entities;
import io.github.hibernateattachments.test.Fixture;

import org.hibernate.engine.spi.PersistentAttributeInterceptable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytecode-enhanced entities (lazy attributes, inline dirty tracking; enhanced at build time by
 * {@link EnhanceEntities}) are deleted as without the extension: ordered where a foreign key requires it, and
 * without loading a lazy attribute to decide.
 */
@Entities({ EnhancedParent.class, EnhancedChild.class, EnhancedNode.class })
class EnhancedEntitiesIT {

	private static List<String> statements(Fixture fixture, String kind) {
		return fixture.log().events().stream().filter( e -> e.startsWith( "sql: " + kind ) ).toList();
	}

	private static void parentWithChild(Fixture fixture) {
		fixture.inTransaction( em -> {
			final EnhancedParent parent = new EnhancedParent( 1L, "parent notes" );
			em.persist( parent );
			em.persist( new EnhancedChild( 10L, parent ) );
		} );
		fixture.log().clear();
	}

	@Test
	void the_entities_of_this_test_are_enhanced() {
		assertThat( PersistentAttributeInterceptable.class )
				.isAssignableFrom( EnhancedParent.class )
				.isAssignableFrom( EnhancedChild.class )
				.isAssignableFrom( EnhancedNode.class );
	}

	@DatabaseTest
	void parent_first_is_ordered_child_first_without_loading_a_lazy_attribute(Fixture fixture) {
		parentWithChild( fixture );

		fixture.inTransaction( em -> {
			final EnhancedParent parent = em.find( EnhancedParent.class, 1L );
			final EnhancedChild child = em.find( EnhancedChild.class, 10L );
			em.remove( parent );
			em.remove( child );
		} );

		assertThat( statements( fixture, "select" ) ).hasSize( 2 );
		assertThat( statements( fixture, "delete" ) ).satisfiesExactly(
				s -> assertThat( s ).startsWith( "sql: delete from enhanced_child" ),
				s -> assertThat( s ).startsWith( "sql: delete from enhanced_parent" ) );
		assertThat( fixture.count( "enhanced_parent" ) + fixture.count( "enhanced_child" ) ).isZero();
	}

	@DatabaseTest
	void child_first_keeps_hibernates_order_and_loads_nothing_more(Fixture fixture) {
		parentWithChild( fixture );

		fixture.inTransaction( em -> {
			final EnhancedChild child = em.find( EnhancedChild.class, 10L );
			em.remove( child );
			em.remove( em.find( EnhancedParent.class, 1L ) );
		} );

		assertThat( statements( fixture, "select" ) ).hasSize( 2 );
		assertThat( statements( fixture, "delete" ) ).satisfiesExactly(
				s -> assertThat( s ).startsWith( "sql: delete from enhanced_child" ),
				s -> assertThat( s ).startsWith( "sql: delete from enhanced_parent" ) );
	}

	@DatabaseTest
	void a_lazy_self_reference_is_not_loaded_to_order_rows(Fixture fixture) {
		fixture.inTransaction( em -> {
			final EnhancedNode first = new EnhancedNode( 1L, null );
			final EnhancedNode second = new EnhancedNode( 2L, first );
			em.persist( first );
			em.persist( second );
			em.persist( new EnhancedNode( 3L, second ) );
		} );
		fixture.log().clear();

		fixture.inTransaction( em -> em.createQuery( "from EnhancedNode order by id", EnhancedNode.class )
				.getResultList().forEach( em::remove ) );

		assertThat( statements( fixture, "select" ) ).hasSize( 1 );
		assertThat( fixture.count( "enhanced_node" ) ).isZero();
	}
}
