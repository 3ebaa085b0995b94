package io.github.hibernateattachments.test.planner;

import java.util.List;
import java.util.function.Function;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.test.DatabaseTest;
import io.github.hibernateattachments.test.Entities;
import io.github.hibernateattachments.test.Fixture;
import io.github.hibernateattachments.test.Owner;
import io.github.hibernateattachments.test.Setting;
import io.github.hibernateattachments.test.planner.ShapesModel.Alpha;
import io.github.hibernateattachments.test.planner.ShapesModel.Car;
import io.github.hibernateattachments.test.planner.ShapesModel.Clinic;
import io.github.hibernateattachments.test.planner.ShapesModel.ClinicPet;
import io.github.hibernateattachments.test.planner.ShapesModel.ClinicVisit;
import io.github.hibernateattachments.test.planner.ShapesModel.Invoice;
import io.github.hibernateattachments.test.planner.ShapesModel.InvoiceLine;
import io.github.hibernateattachments.test.planner.ShapesModel.InvoiceLineId;
import io.github.hibernateattachments.test.planner.ShapesModel.Ledger;
import io.github.hibernateattachments.test.planner.ShapesModel.LedgerEntry;
import io.github.hibernateattachments.test.planner.ShapesModel.Memo;
import io.github.hibernateattachments.test.planner.ShapesModel.Licence;
import io.github.hibernateattachments.test.planner.ShapesModel.Person;
import io.github.hibernateattachments.test.planner.ShapesModel.MedicalHistory;
import io.github.hibernateattachments.test.planner.ShapesModel.Trip;
import io.github.hibernateattachments.test.planner.ShapesModel.Vehicle;
import io.github.hibernateattachments.test.planner.ShapesModel.Zulu;

import jakarta.persistence.EntityManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The delete planner sees every foreign key Hibernate's relational model has, and the database's own; it
 * moves a delete only where such a key requires it, and never loads a proxy. Each shape is deleted in both
 * call orders: children first (Hibernate's own order works, and must keep working) and parents first (the
 * planner reorders). The entities referenced are mapped before those referencing them, so an order taken
 * from the mapping rather than from the keys would fail.
 */
@Entities({ Invoice.class, InvoiceLine.class, Person.class, MedicalHistory.class, Licence.class, Clinic.class,
		ClinicPet.class, ClinicVisit.class, Ledger.class, LedgerEntry.class, Vehicle.class, Car.class, Trip.class,
		Alpha.class, Zulu.class, Memo.class, Owner.class })
class ForeignKeyShapesIT {

	private static List<String> deletes(Fixture fixture) {
		return fixture.sql().mutations().stream().filter( s -> !s.startsWith( "insert" ) )
				.map( s -> s.substring( 0, s.indexOf( " where" ) < 0 ? s.length() : s.indexOf( " where" ) ) ).toList();
	}

	private static List<String> selects(Fixture fixture) {
		return fixture.log().events().stream().filter( e -> e.startsWith( "sql: select" ) ).toList();
	}

	/** Removes {@code child} and {@code parent} in the given order, and checks the statements ran child-first. */
	private static void removeAndExpect(Fixture fixture, boolean parentFirst, Function<EntityManager, Object> parent,
			Function<EntityManager, Object> child, String... expectedDeletes) {
		fixture.log().clear();
		fixture.inTransaction( em -> {
			final Object p = parent.apply( em );
			final Object c = child.apply( em );
			if ( parentFirst ) {
				em.remove( p );
				em.remove( c );
			}
			else {
				em.remove( c );
				em.remove( p );
			}
		} );
		assertThat( deletes( fixture ) ).containsExactly( expectedDeletes );
	}

	private static void invoiceWithLine(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Invoice invoice = new Invoice();
			invoice.id = 1L;
			em.persist( invoice );
			final InvoiceLine line = new InvoiceLine();
			line.id = new InvoiceLineId();
			line.id.invoice = invoice;
			line.id.line = 1;
			em.persist( line );
		} );
	}

	@DatabaseTest
	void a_many_to_one_inside_an_embedded_id(Fixture fixture) {
		for ( boolean parentFirst : new boolean[] { false, true } ) {
			invoiceWithLine( fixture );
			removeAndExpect( fixture, parentFirst, em -> em.find( Invoice.class, 1L ),
					em -> em.createQuery( "from InvoiceLine", InvoiceLine.class ).getSingleResult(),
					"delete from invoice_line", "delete from invoice" );
			assertThat( fixture.count( "invoice" ) + fixture.count( "invoice_line" ) ).isZero();
		}
	}

	private static void personWith(Fixture fixture, boolean licence) {
		fixture.inTransaction( em -> {
			final Person person = new Person();
			person.id = 7L;
			em.persist( person );
			if ( licence ) {
				final Licence document = new Licence();
				document.person = person;
				em.persist( document );
			}
			else {
				final MedicalHistory record = new MedicalHistory();
				record.person = person;
				em.persist( record );
			}
		} );
	}

	@DatabaseTest
	void a_derived_identity_with_id_many_to_one(Fixture fixture) {
		for ( boolean parentFirst : new boolean[] { false, true } ) {
			personWith( fixture, false );
			removeAndExpect( fixture, parentFirst, em -> em.find( Person.class, 7L ),
					em -> em.createQuery( "from MedicalHistory", MedicalHistory.class ).getSingleResult(),
					"delete from medical_history", "delete from person" );
			assertThat( fixture.count( "person" ) + fixture.count( "medical_history" ) ).isZero();
		}
	}

	@DatabaseTest
	void a_derived_identity_with_maps_id(Fixture fixture) {
		for ( boolean parentFirst : new boolean[] { false, true } ) {
			personWith( fixture, true );
			removeAndExpect( fixture, parentFirst, em -> em.find( Person.class, 7L ), em -> em.find( Licence.class, 7L ),
					"delete from licence", "delete from person" );
			assertThat( fixture.count( "person" ) + fixture.count( "licence" ) ).isZero();
		}
	}

	@DatabaseTest
	void a_unidirectional_one_to_many_with_a_not_null_join_column_cascades_child_first(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Clinic clinic = new Clinic();
			for ( int p = 0; p < 2; p++ ) {
				final ClinicPet pet = new ClinicPet();
				pet.visits.add( new ClinicVisit() );
				pet.visits.add( new ClinicVisit() );
				clinic.pets.add( pet );
			}
			em.persist( clinic );
			return clinic.id;
		} );
		fixture.log().clear();

		fixture.inTransaction( em -> em.remove( em.find( Clinic.class, id ) ) );

		assertThat( fixture.count( "clinic" ) + fixture.count( "clinic_pet" ) + fixture.count( "clinic_visit" ) ).isZero();
		// the visits' key to their pet is no attribute of a visit: which pet a visit belongs to is unknown to the
		// planner, so every visit goes before every pet (also what lets JDBC batch them)
		assertThat( deletes( fixture ) ).containsExactly( "delete from clinic_visit", "delete from clinic_visit",
				"delete from clinic_visit", "delete from clinic_visit", "delete from clinic_pet", "delete from clinic_pet",
				"delete from clinic" );
	}

	private static void ledgerWithEntry(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Ledger ledger = new Ledger();
			ledger.id = 3L;
			em.persist( ledger );
			final LedgerEntry entry = new LedgerEntry();
			entry.id = 30L;
			entry.ledgerId = 3L;
			em.persist( entry );
		} );
	}

	private static void addDatabaseOnlyForeignKey(Fixture fixture) throws java.sql.SQLException {
		fixture.execute( "alter table ledger_entry add constraint fk_ledger_entry_ledger"
				+ " foreign key (ledger_id) references ledger (id)" );
	}

	@DatabaseTest
	void a_foreign_key_only_the_database_has(Fixture fixture) throws Exception {
		addDatabaseOnlyForeignKey( fixture );
		for ( boolean parentFirst : new boolean[] { false, true } ) {
			ledgerWithEntry( fixture );
			removeAndExpect( fixture, parentFirst, em -> em.find( Ledger.class, 3L ), em -> em.find( LedgerEntry.class, 30L ),
					"delete from ledger_entry", "delete from ledger" );
			assertThat( fixture.count( "ledger" ) + fixture.count( "ledger_entry" ) ).isZero();
		}
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.DELETE_ORDERING_DATABASE_KEYS, value = "false")
	void without_reading_the_databases_keys_that_key_is_unknown_and_call_order_is_kept(Fixture fixture) throws Exception {
		addDatabaseOnlyForeignKey( fixture ); // proves the key is real: parent-first now breaks it
		ledgerWithEntry( fixture );

		assertThatThrownBy( () -> removeAndExpect( fixture, true, em -> em.find( Ledger.class, 3L ),
				em -> em.find( LedgerEntry.class, 30L ) ) ).hasStackTraceContaining( "constraint" );

		removeAndExpect( fixture, false, em -> em.find( Ledger.class, 3L ), em -> em.find( LedgerEntry.class, 30L ),
				"delete from ledger_entry", "delete from ledger" );
	}

	@DatabaseTest
	void a_reference_to_the_superclass_table_of_a_joined_hierarchy(Fixture fixture) {
		for ( boolean parentFirst : new boolean[] { false, true } ) {
			fixture.inTransaction( em -> {
				final Car car = new Car();
				car.id = 5L;
				car.plate = "HB 1";
				em.persist( car );
				final Trip trip = new Trip();
				trip.id = 50L;
				trip.vehicle = car;
				em.persist( trip );
			} );
			removeAndExpect( fixture, parentFirst, em -> em.find( Car.class, 5L ), em -> em.find( Trip.class, 50L ),
					"delete from trip", "delete from car", "delete from vehicle" );
			assertThat( fixture.count( "vehicle" ) + fixture.count( "car" ) + fixture.count( "trip" ) ).isZero();
		}
	}

	@DatabaseTest
	void deletes_no_key_connects_keep_the_order_remove_was_called_in(Fixture fixture) {
		fixture.inTransaction( em -> {
			for ( long id = 1; id <= 2; id++ ) {
				final Alpha alpha = new Alpha();
				alpha.id = id;
				em.persist( alpha );
				final Zulu zulu = new Zulu();
				zulu.id = id;
				em.persist( zulu );
			}
		} );
		invoiceWithLine( fixture );
		fixture.log().clear();

		// Zulu and Alpha are unrelated to each other and to the invoice: only the invoice and its line swap
		fixture.inTransaction( em -> {
			em.remove( em.find( Zulu.class, 1L ) );
			em.remove( em.find( Invoice.class, 1L ) );
			em.remove( em.find( Alpha.class, 1L ) );
			em.remove( em.createQuery( "from InvoiceLine", InvoiceLine.class ).getSingleResult() );
			em.remove( em.find( Zulu.class, 2L ) );
			em.remove( em.find( Alpha.class, 2L ) );
		} );

		assertThat( deletes( fixture ) ).containsExactly( "delete from zulu", "delete from invoice_line",
				"delete from alpha", "delete from invoice", "delete from zulu", "delete from alpha" );
	}

	@DatabaseTest
	void removing_an_unloaded_proxy_loads_nothing(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Zulu zulu = new Zulu();
			zulu.id = 9L;
			em.persist( zulu );
			final Memo memo = new Memo();
			memo.id = 9L;
			memo.text = "kept, marked deleted";
			em.persist( memo );
		} );
		fixture.log().clear();

		fixture.inTransaction( em -> {
			em.remove( em.getReference( Zulu.class, 9L ) );
			em.remove( em.getReference( Memo.class, 9L ) );
		} );

		assertThat( selects( fixture ) ).isEmpty();
		assertThat( fixture.count( "zulu" ) ).isZero();
		assertThat( fixture.queryStrings( "select text from memo where deleted = true" ) ).containsExactly( "kept, marked deleted" );
	}

	@DatabaseTest
	void removing_a_detached_proxy_fails_as_it_does_without_the_extension(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Zulu zulu = new Zulu();
			zulu.id = 4L;
			em.persist( zulu );
		} );
		final Zulu detached = fixture.fromTransaction( em -> em.getReference( Zulu.class, 4L ) );

		// Hibernate's own answer for JPA: the instance is not associated with the persistence context
		assertThatThrownBy( () -> fixture.inTransaction( em -> em.remove( detached ) ) )
				.isInstanceOf( IllegalArgumentException.class );
		assertThat( fixture.count( "zulu" ) ).isEqualTo( 1 );
	}

	@DatabaseTest
	void removing_an_unloaded_proxy_of_an_owner_costs_one_query_and_purges_its_files(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "me".getBytes(), "me.txt" );
			em.persist( owner );
			return owner.id;
		} );
		final var keys = fixture.blobKeys();
		fixture.log().clear();

		fixture.inTransaction( em -> em.remove( em.getReference( Owner.class, id ) ) );

		assertThat( selects( fixture ).stream().filter( s -> s.contains( " from owners o1_0 where o1_0.id=?" ) ) ).hasSize( 1 );
		assertThat( fixture.count( "owners" ) ).isZero();
		assertThat( fixture.blobKeys() ).isEmpty();
		assertThat( fixture.filesOnDisk() ).doesNotContainAnyElementsOf( keys );
	}
}
