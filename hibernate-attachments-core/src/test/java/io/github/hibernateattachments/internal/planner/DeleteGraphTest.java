package io.github.hibernateattachments.internal.planner;

import java.util.List;
import java.util.Set;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.SecondaryTable;

import org.hibernate.annotations.NotFound;
import org.hibernate.annotations.NotFoundAction;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.annotations.SoftDelete;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delete graph built from Hibernate's boot-time relational model, without a database: which entity's
 * deletes must precede which, for each form a foreign key takes.
 */
class DeleteGraphTest {

	@Entity(name = "Parent")
	static class Parent {
		@Id
		Long id;
		@OneToMany
		@JoinColumn(name = "parent_id", nullable = false)
		List<UniChild> children;
	}

	@Entity(name = "UniChild")
	static class UniChild {
		@Id
		Long id;
	}

	@Entity(name = "DerivedChild")
	static class DerivedChild {
		@Id
		Long id;
		@MapsId
		@OneToOne
		Parent parent;
	}

	@Entity(name = "CascadedChild")
	static class CascadedChild {
		@Id
		Long id;
		@ManyToOne
		@OnDelete(action = OnDeleteAction.CASCADE)
		Parent parent;
		@ManyToOne(optional = false)
		Tag tag;
	}

	@Entity(name = "Tag")
	static class Tag {
		@Id
		Long id;
	}

	@Entity(name = "Animal")
	@Inheritance(strategy = InheritanceType.JOINED)
	static class Animal {
		@Id
		Long id;
	}

	@Entity(name = "Dog")
	static class Dog extends Animal {
		@ManyToOne(optional = false)
		Dog mother;
	}

	@Entity(name = "Note")
	@SoftDelete
	static class Note {
		@Id
		Long id;
		@ManyToOne
		Tag tag;
	}

	@Entity(name = "Loose")
	static class Loose {
		@Id
		Long id;
		Long tagId;
	}

	@Entity(name = "Profile")
	@SecondaryTable(name = "profile_details")
	static class Profile {
		@Id
		Long id;
		@ManyToOne
		@JoinColumn(table = "profile_details")
		Tag favourite;
	}

	@Entity(name = "Lenient")
	static class Lenient {
		@Id
		Long id;
		@ManyToOne
		@NotFound(action = NotFoundAction.IGNORE)
		Tag tag;
	}

	@Entity(name = "Shape")
	static class Shape {
		@Id
		Long id;
	}

	@Entity(name = "Circle")
	static class Circle extends Shape {
		@ManyToOne
		Tag tag;
	}

	private static StandardServiceRegistry registry;
	private static Metadata metadata;

	@BeforeAll
	static void boot() {
		registry = new StandardServiceRegistryBuilder()
				.applySetting( "hibernate.dialect", "org.hibernate.dialect.H2Dialect" )
				.applySetting( "hibernate.boot.allow_jdbc_metadata_access", "false" )
				.build();
		metadata = new MetadataSources( registry ).addAnnotatedClasses( Parent.class, UniChild.class, DerivedChild.class,
				CascadedChild.class, Tag.class, Animal.class, Dog.class, Note.class, Loose.class, Profile.class, Lenient.class,
				Shape.class, Circle.class ).buildMetadata();
	}

	@AfterAll
	static void close() {
		StandardServiceRegistryBuilder.destroy( registry );
	}

	private static String name(Class<?> type) {
		return type.getName();
	}

	private static boolean mustPrecede(DeleteGraph graph, Class<?> first, Class<?> then) {
		return graph.predecessorsOf( graph.nodeOf( name( then ) ) ).get( graph.nodeOf( name( first ) ) );
	}

	@Test
	void a_unidirectional_one_to_many_join_column_and_a_maps_id_order_the_child_first() {
		final DeleteGraph graph = DeleteGraph.build( ForeignKeyModel.from( metadata ), List.of() );
		assertThat( mustPrecede( graph, UniChild.class, Parent.class ) ).isTrue();
		assertThat( mustPrecede( graph, DerivedChild.class, Parent.class ) ).isTrue();
		assertThat( mustPrecede( graph, Parent.class, UniChild.class ) ).isFalse();
	}

	@Test
	void an_on_delete_cascade_orders_nothing_but_carries_what_the_cascaded_rows_reference() {
		final DeleteGraph graph = DeleteGraph.build( ForeignKeyModel.from( metadata ), List.of() );
		assertThat( mustPrecede( graph, CascadedChild.class, Parent.class ) ).isFalse();
		assertThat( mustPrecede( graph, CascadedChild.class, Tag.class ) ).isTrue();
		// deleting a parent deletes its cascaded children, whose rows reference tags
		assertThat( mustPrecede( graph, Parent.class, Tag.class ) ).isTrue();
	}

	@Test
	void a_joined_subclass_key_to_its_superclass_table_is_no_edge_and_a_self_reference_orders_rows() {
		final DeleteGraph graph = DeleteGraph.build( ForeignKeyModel.from( metadata ), List.of() );
		final int dog = graph.nodeOf( name( Dog.class ) );
		final int animal = graph.nodeOf( name( Animal.class ) );
		assertThat( graph.componentOf( dog ) ).isNotEqualTo( graph.componentOf( animal ) );
		assertThat( mustPrecede( graph, Animal.class, Dog.class ) ).isFalse();
		assertThat( graph.ordersRowsOf( dog ) ).isTrue();
		assertThat( graph.rowReferencesOf( dog ) ).containsExactly( "mother" );
		assertThat( graph.ordersBefore( name( Dog.class ), "mother" ) ).isTrue();
	}

	@Test
	void a_soft_deleted_entity_orders_nothing() {
		final DeleteGraph graph = DeleteGraph.build( ForeignKeyModel.from( metadata ), List.of() );
		assertThat( mustPrecede( graph, Note.class, Tag.class ) ).isFalse();
		assertThat( graph.ordersBefore( name( Note.class ), "tag" ) ).isFalse();
	}

	@Test
	void a_key_only_the_database_has_adds_an_edge() {
		final ForeignKeyModel model = ForeignKeyModel.from( metadata );
		assertThat( mustPrecede( DeleteGraph.build( model, List.of() ), Loose.class, Tag.class ) ).isFalse();
		final int loose = model.tables().stream().filter( t -> t.name().equalsIgnoreCase( "Loose" ) ).findFirst().orElseThrow().index();
		final int tag = model.tables().stream().filter( t -> t.name().equalsIgnoreCase( "Tag" ) ).findFirst().orElseThrow().index();
		final var databaseKey = new ForeignKeyModel.Key( loose, tag, Set.of( "tagid" ), true, false, false );
		assertThat( mustPrecede( DeleteGraph.build( model, List.of( databaseKey ) ), Loose.class, Tag.class ) ).isTrue();
	}

	@Test
	void a_key_on_a_secondary_table_is_an_edge_and_the_secondary_tables_own_key_is_none() {
		final DeleteGraph graph = DeleteGraph.build( ForeignKeyModel.from( metadata ), List.of() );
		assertThat( mustPrecede( graph, Profile.class, Tag.class ) ).isTrue();
		final int profile = graph.nodeOf( name( Profile.class ) );
		assertThat( graph.ordersRowsOf( profile ) ).isFalse();
		assertThat( graph.predecessorsOf( profile ).isEmpty() ).isTrue();
	}

	@Test
	void a_not_found_ignore_reference_has_no_foreign_key_and_orders_nothing() {
		final DeleteGraph graph = DeleteGraph.build( ForeignKeyModel.from( metadata ), List.of() );
		assertThat( mustPrecede( graph, Lenient.class, Tag.class ) ).isFalse();
		assertThat( graph.ordersBefore( name( Lenient.class ), "tag" ) ).isFalse();
	}

	@Test
	void single_table_inheritance_a_subclass_column_orders_every_entity_of_the_table() {
		final DeleteGraph graph = DeleteGraph.build( ForeignKeyModel.from( metadata ), List.of() );
		// the column lives in the shared table: a Shape row may be a Circle
		assertThat( mustPrecede( graph, Circle.class, Tag.class ) ).isTrue();
		assertThat( mustPrecede( graph, Shape.class, Tag.class ) ).isTrue();
		assertThat( graph.ordersBefore( name( Circle.class ), "tag" ) ).isTrue();
	}
}
