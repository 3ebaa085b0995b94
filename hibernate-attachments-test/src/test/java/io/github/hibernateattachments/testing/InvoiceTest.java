package io.github.hibernateattachments.testing;

import io.github.hibernateattachments.Attachment;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.hibernateattachments.testing.AttachmentsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example of an application's test with the kit, as a user writes it: a unit configured with a
 * storage service of type {@code test}, the storage and the assertions of the kit.
 */
@AttachmentsTest
class InvoiceTest {

	static EntityManagerFactory emf;

	@BeforeAll
	static void start() {
		emf = new HibernatePersistenceConfiguration( "invoices" )
				.managedClass( Invoice.class )
				.jdbcUrl( "jdbc:h2:mem:invoices;DB_CLOSE_DELAY=-1" )
				.property( "jakarta.persistence.schema-generation.database.action", "drop-and-create" )
				.property( "hibernate.attachments.services.files.type", "test" )
				.createEntityManagerFactory();
	}

	@AfterEach
	void deleteInvoices() {
		emf.runInTransaction( em -> em.createQuery( "from Invoice", Invoice.class ).getResultList().forEach( em::remove ) );
	}

	@AfterAll
	static void stop() {
		emf.close();
	}

	@Test
	void replacing_the_scan_deletes_the_old_file_after_commit(TestStorage storage) {
		final Invoice invoice = new Invoice( "2026-001" );
		invoice.scan = Attachment.of( "first scan".getBytes(), "scan.pdf" );
		emf.runInTransaction( em -> em.persist( invoice ) );
		final String first = invoice.scan.key();

		emf.runInTransaction( em -> em.find( Invoice.class, invoice.id ).scan = Attachment.of( "second scan".getBytes(), "scan.pdf" ) );

		final String second = emf.callInTransaction( em -> em.find( Invoice.class, invoice.id ).scan.key() );
		assertThat( storage.calls() ).containsExactly( "store " + first, "store " + second, "delete " + first );
		assertThat( storage.keys() ).containsExactly( second );
		assertThat( emf ).isSound().hasBlobs( 1 ).hasFiles( 1 );
	}

	@Test
	void a_storage_outage_leaves_nothing_behind(TestStorage storage) {
		storage.failNextStores( 1 );
		final Invoice invoice = new Invoice( "2026-002" );
		invoice.scan = Attachment.of( "scan".getBytes(), "scan.pdf" );

		org.assertj.core.api.Assertions.assertThatThrownBy( () -> emf.runInTransaction( em -> em.persist( invoice ) ) )
				.hasStackTraceContaining( "Simulated outage of test storage 'files': unable to store" );

		assertThat( emf ).isSound().hasBlobs( 0 ).hasFiles( 0 );
	}
}
