package io.github.hibernateattachments.test.planner;

import java.util.ArrayList;
import java.util.List;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.test.DatabaseTest;
import io.github.hibernateattachments.test.Entities;
import io.github.hibernateattachments.test.Fixture;
import io.github.hibernateattachments.test.Setting;
import io.github.hibernateattachments.test.planner.PlannerModel.CascadeChild;
import io.github.hibernateattachments.test.planner.PlannerModel.CascadeParent;
import io.github.hibernateattachments.test.planner.PlannerModel.CycleA;
import io.github.hibernateattachments.test.planner.PlannerModel.CycleB;
import io.github.hibernateattachments.test.planner.PlannerModel.DbCascadeChild;
import io.github.hibernateattachments.test.planner.PlannerModel.Employee;
import io.github.hibernateattachments.test.planner.PlannerModel.FixedChild;
import io.github.hibernateattachments.test.planner.PlannerModel.Node;
import io.github.hibernateattachments.test.planner.PlannerModel.NotNullChild;
import io.github.hibernateattachments.test.planner.PlannerModel.NullableChild;
import io.github.hibernateattachments.test.planner.PlannerModel.Parent;

import jakarta.persistence.EntityManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The child-first delete planner: {@code em.remove(parent); em.remove(child)} against real NOT NULL
 * foreign keys, for every entity, not only attachment owners.
 */
@Entities({ Parent.class, FixedChild.class, NotNullChild.class, NullableChild.class, Employee.class, Node.class,
		CycleA.class, CycleB.class, CascadeParent.class, CascadeChild.class, DbCascadeChild.class })
class DeletePlannerIT {

	private static <T> long persistChild(Fixture fixture, Class<T> type, java.util.function.BiConsumer<T, Parent> link) {
		return fixture.fromTransaction( em -> {
			final Parent parent = new Parent();
			em.persist( parent );
			try {
				final T child = type.getConstructor().newInstance();
				link.accept( child, parent );
				em.persist( child );
			}
			catch (ReflectiveOperationException e) {
				throw new AssertionError( e );
			}
			return parent.id;
		} );
	}

	private static void removeParentThenChild(EntityManager em, Class<?> childType, long parentId) {
		final Parent parent = em.find( Parent.class, parentId );
		final Object child = em.createQuery( "from " + childType.getSimpleName() + " c where c.parent.id = :id", childType )
				.setParameter( "id", parentId ).getSingleResult();
		em.remove( parent );
		em.remove( child );
	}

	private static List<String> deletesAndUpdates(Fixture fixture) {
		return fixture.sql().mutations().stream().filter( s -> !s.startsWith( "insert" ) ).toList();
	}

	@DatabaseTest
	void parent_first_with_a_not_null_non_updatable_foreign_key(Fixture fixture) {
		final long id = persistChild( fixture, FixedChild.class, (c, p) -> c.parent = p );
		fixture.log().clear();

		fixture.inTransaction( em -> removeParentThenChild( em, FixedChild.class, id ) );

		assertThat( deletesAndUpdates( fixture ) ).satisfiesExactly(
				s -> assertThat( s ).startsWith( "delete from fixed_child" ),
				s -> assertThat( s ).startsWith( "delete from parent" ) );
		assertThat( fixture.count( "parent" ) + fixture.count( "fixed_child" ) ).isZero();
	}

	@DatabaseTest
	void parent_first_with_a_not_null_updatable_foreign_key_does_not_fail_at_remove(Fixture fixture) {
		final long id = persistChild( fixture, NotNullChild.class, (c, p) -> c.parent = p );
		fixture.log().clear();

		fixture.inTransaction( em -> removeParentThenChild( em, NotNullChild.class, id ) );

		assertThat( deletesAndUpdates( fixture ) ).satisfiesExactly(
				s -> assertThat( s ).startsWith( "delete from not_null_child" ),
				s -> assertThat( s ).startsWith( "delete from parent" ) );
	}

	@DatabaseTest
	void parent_first_with_a_nullable_foreign_key_issues_no_nulling_update(Fixture fixture) {
		final long id = persistChild( fixture, NullableChild.class, (c, p) -> c.parent = p );
		fixture.log().clear();

		fixture.inTransaction( em -> removeParentThenChild( em, NullableChild.class, id ) );

		assertThat( deletesAndUpdates( fixture ) ).satisfiesExactly(
				s -> assertThat( s ).startsWith( "delete from nullable_child" ),
				s -> assertThat( s ).startsWith( "delete from parent" ) );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.DELETE_ORDERING, value = "false")
	void without_the_planner_the_same_calls_break_the_foreign_key(Fixture fixture) {
		// Hibernate's own behaviour, measured: this is what the planner fixes (and proves the FK is real)
		final long fixed = persistChild( fixture, FixedChild.class, (c, p) -> c.parent = p );
		assertThatThrownBy( () -> fixture.inTransaction( em -> removeParentThenChild( em, FixedChild.class, fixed ) ) )
				.hasStackTraceContaining( "constraint" );
		final long notNull = persistChild( fixture, NotNullChild.class, (c, p) -> c.parent = p );
		assertThatThrownBy( () -> fixture.inTransaction( em -> removeParentThenChild( em, NotNullChild.class, notNull ) ) )
				.hasStackTraceContaining( "not-null property references a null or transient value" );
		assertThat( fixture.count( "parent" ) ).isEqualTo( 2 );
	}

	@DatabaseTest
	void a_nullable_self_reference_deletes_in_any_call_order(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Employee boss = new Employee();
			final Employee mid = new Employee();
			mid.manager = boss;
			final Employee worker = new Employee();
			worker.manager = mid;
			em.persist( boss );
			em.persist( mid );
			em.persist( worker );
		} );

		fixture.inTransaction( em -> em.createQuery( "from Employee order by id", Employee.class ).getResultList().forEach( em::remove ) );

		assertThat( fixture.count( "employee" ) ).isZero();
	}

	private static void chainOfNodes(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Node first = new Node();
			first.id = 1L;
			first.next = first;
			em.persist( first );
			for ( long id = 2; id <= 4; id++ ) {
				final Node node = new Node();
				node.id = id;
				node.next = em.find( Node.class, id - 1 );
				em.persist( node );
			}
		} );
	}

	@DatabaseTest
	void a_not_null_self_reference_deletes_rows_before_the_rows_they_reference(Fixture fixture) {
		chainOfNodes( fixture ); // 4 -> 3 -> 2 -> 1 -> 1
		fixture.log().clear();

		// referenced rows first: 2, then 3 (which references 2), then 4. The self-loop root stays: on MySQL
		// and MariaDB Hibernate nulls even a row's reference to itself (Dialect#hasSelfReferentialForeignKeyBug),
		// which a NOT NULL column refuses whatever the planner does.
		fixture.inTransaction( em -> {
			for ( long id = 2; id <= 4; id++ ) {
				em.remove( em.find( Node.class, id ) );
			}
		} );

		assertThat( fixture.queryStrings( "select id from node" ) ).containsExactly( "1" );
		assertThat( deletesAndUpdates( fixture ) ).hasSize( 3 ).allMatch( s -> s.startsWith( "delete from node" ) );
	}

	@DatabaseTest
	void a_cycle_of_not_null_rows_keeps_hibernates_order_and_the_database_refuses_it(Fixture fixture) {
		chainOfNodes( fixture );
		fixture.inTransaction( em -> em.find( Node.class, 1L ).next = em.find( Node.class, 2L ) ); // 1 <-> 2
		fixture.log().clear();

		// no order of DELETE statements satisfies 1 -> 2 -> 1: the planner leaves the order alone (a deferred
		// constraint would accept it), and the database's immediate foreign key refuses it
		assertThatThrownBy( () -> fixture.inTransaction( em -> {
			em.remove( em.find( Node.class, 1L ) );
			em.remove( em.find( Node.class, 2L ) );
		} ) ).hasStackTraceContaining( "constraint" );

		assertThat( deletesAndUpdates( fixture ) ).first().asString().startsWith( "delete from node where id=?" );
		assertThat( fixture.count( "node" ) ).isEqualTo( 4 );
	}

	@DatabaseTest
	void a_cycle_between_two_entities_is_broken_by_nulling_the_nullable_references(Fixture fixture) {
		fixture.inTransaction( em -> {
			final CycleA a = new CycleA();
			final CycleB b = new CycleB();
			em.persist( a );
			em.persist( b );
			a.b = b;
			b.a = a;
		} );

		fixture.inTransaction( em -> {
			em.remove( em.createQuery( "from CycleA", CycleA.class ).getSingleResult() );
			em.remove( em.createQuery( "from CycleB", CycleB.class ).getSingleResult() );
		} );

		assertThat( fixture.count( "cycle_a" ) + fixture.count( "cycle_b" ) ).isZero();
	}

	@DatabaseTest
	void cascade_remove_and_orphan_removal_still_work(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final CascadeParent parent = new CascadeParent();
			em.persist( parent );
			for ( int i = 0; i < 3; i++ ) {
				final CascadeChild child = new CascadeChild();
				child.parent = parent;
				parent.children.add( child );
				em.persist( child );
			}
			return parent.id;
		} );

		fixture.inTransaction( em -> em.find( CascadeParent.class, id ).children.remove( 0 ) );
		assertThat( fixture.count( "cascade_child" ) ).isEqualTo( 2 );

		fixture.log().clear();
		fixture.inTransaction( em -> em.remove( em.find( CascadeParent.class, id ) ) );
		assertThat( fixture.count( "cascade_parent" ) + fixture.count( "cascade_child" ) ).isZero();
		assertThat( deletesAndUpdates( fixture ) ).last().asString().startsWith( "delete from cascade_parent" );
	}

	@DatabaseTest
	void a_database_cascade_deletes_the_children_hibernate_never_loaded(Fixture fixture) {
		final long id = persistChild( fixture, DbCascadeChild.class, (c, p) -> c.parent = p );

		fixture.inTransaction( em -> em.remove( em.find( Parent.class, id ) ) );

		assertThat( fixture.count( "parent" ) + fixture.count( "db_cascade_child" ) ).isZero();
	}

	@DatabaseTest
	@Setting(name = "hibernate.jdbc.batch_size", value = "50")
	@Setting(name = "hibernate.session.events.auto", value = "io.github.hibernateattachments.test.planner.JdbcRoundTrips")
	void deleting_a_thousand_parents_with_three_children_each_is_batched_per_table(Fixture fixture) {
		final List<Long> parents = new ArrayList<>();
		fixture.inTransaction( em -> {
			for ( int p = 0; p < 1000; p++ ) {
				final Parent parent = new Parent();
				em.persist( parent );
				parents.add( parent.id );
				for ( int c = 0; c < 3; c++ ) {
					final NotNullChild child = new NotNullChild();
					child.parent = parent;
					em.persist( child );
				}
			}
		} );
		final List<NotNullChild> loaded = new ArrayList<>();
		fixture.log().clear();

		fixture.inTransaction( em -> {
			loaded.addAll( em.createQuery( "from NotNullChild c join fetch c.parent order by c.parent.id, c.id", NotNullChild.class ).getResultList() );
			// the "wrong" order: each parent, then its children
			Parent current = null;
			for ( NotNullChild child : loaded ) {
				if ( child.parent != current ) {
					current = child.parent;
					em.remove( current );
				}
				em.remove( child );
			}
			JdbcRoundTrips.reset();
		} );

		assertThat( fixture.count( "parent" ) + fixture.count( "not_null_child" ) ).isZero();
		final List<String> deletes = deletesAndUpdates( fixture );
		// all children first, then all parents: one table at a time
		final int firstParent = deletes.indexOf( deletes.stream().filter( s -> s.startsWith( "delete from parent" ) ).findFirst().orElseThrow() );
		assertThat( deletes.subList( 0, firstParent ) ).allMatch( s -> s.startsWith( "delete from not_null_child" ) );
		assertThat( deletes.subList( firstParent, deletes.size() ) ).allMatch( s -> s.startsWith( "delete from parent" ) );
		// 3,000 child rows in batches of 50, then 1,000 parents: 80 round trips (Hibernate's order would need 4,000)
		assertThat( JdbcRoundTrips.BATCHES.get() ).isEqualTo( 3000 / 50 + 1000 / 50 );
	}
}
