package io.github.hibernateattachments.testing;

import java.util.ArrayList;
import java.util.List;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the kit's JUnit extension does, shown by running small test classes written as a user would (the
 * nested classes below) with JUnit's launcher and looking at their outcomes.
 */
class AttachmentsExtensionTest {

	/** @return "name: SUCCESSFUL" or "name: FAILED message" per test of {@code testClass}, in execution order */
	private static List<String> run(Class<?> testClass) {
		final List<String> outcomes = new ArrayList<>();
		LauncherFactory.create().execute( LauncherDiscoveryRequestBuilder.request()
				.selectors( DiscoverySelectors.selectClass( testClass ) ).build(), new TestExecutionListener() {
					@Override
					public void executionFinished(TestIdentifier test, TestExecutionResult result) {
						if ( test.isTest() ) {
							final String method = ( (org.junit.platform.engine.support.descriptor.MethodSource) test.getSource()
									.orElseThrow() ).getMethodName();
							outcomes.add( method + ": " + result.getStatus()
									+ result.getThrowable().map( t -> " " + t.getMessage() ).orElse( "" ) );
						}
					}
				} );
		return outcomes;
	}

	static EntityManagerFactory unit(String name, String... settings) {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( name )
				.managedClass( Invoice.class )
				.jdbcUrl( "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" )
				.property( "jakarta.persistence.schema-generation.database.action", "drop-and-create" );
		for ( int i = 0; i < settings.length; i += 2 ) {
			configuration.property( settings[i], settings[i + 1] );
		}
		return configuration.createEntityManagerFactory();
	}

	@Test
	void each_test_starts_with_an_empty_storage_that_recorded_nothing() {
		assertThat( run( Resetting.class ) ).containsExactly( "leaves_a_file: SUCCESSFUL", "finds_nothing: SUCCESSFUL" );
	}

	@Test
	void without_the_reset_the_next_test_sees_the_file_left_before() {
		assertThat( run( NotResetting.class ) ).hasSize( 2 ).first().isEqualTo( "leaves_a_file: SUCCESSFUL" );
		assertThat( run( NotResetting.class ).get( 1 ) ).startsWith( "finds_nothing: FAILED" );
	}

	@Test
	void the_integrity_check_after_each_test_fails_the_test_that_broke_it_with_the_report() {
		final List<String> outcomes = run( Checking.class );

		assertThat( outcomes ).hasSize( 2 );
		assertThat( outcomes.get( 0 ) ).isEqualTo( "keeps_things_sound: SUCCESSFUL" );
		assertThat( outcomes.get( 1 ) ).startsWith( "deletes_a_file_behind_the_extensions_back: FAILED Persistence unit 'checking':"
				+ " Attachments integrity: 1 problem (" ).contains( "1 blob rows without their file:", "no file in files" );
	}

	@Test
	void a_storage_configured_to_be_in_a_folder_is_on_disk_and_its_folder_goes_with_the_unit() {
		final EntityManagerFactory emf = unit( "folder", "hibernate.attachments.services.files.type", "test",
				"hibernate.attachments.services.files.backend", "folder" );
		final TestStorage storage = TestStorage.named( "files" );
		final java.nio.file.Path folder = storage.folder().orElseThrow();
		final Invoice invoice = new Invoice( "1" );
		invoice.scan = Attachment.of( "scan".getBytes(), "scan.pdf" );
		emf.runInTransaction( em -> em.persist( invoice ) );
		assertThat( storage.content( invoice.scan.key() ) ).isEqualTo( "scan".getBytes() );
		assertThat( storage.metadataOf( invoice.scan.key() ).filename() ).isEqualTo( "scan.pdf" );
		assertThat( java.nio.file.Files.exists( folder ) ).isTrue();

		emf.close();

		assertThat( java.nio.file.Files.exists( folder ) ).isFalse();
		assertThat( TestStorage.open() ).doesNotContain( storage );
	}

	@Test
	void a_bad_backend_is_refused_at_boot_naming_the_setting() {
		org.assertj.core.api.Assertions.assertThatThrownBy( () -> unit( "bad", "hibernate.attachments.services.files.type", "test",
						"hibernate.attachments.services.files.backend", "cloud" ) )
				.hasStackTraceContaining( "Unknown value 'cloud' of 'hibernate.attachments.services.files.backend':"
						+ " use 'memory' (the default) or 'folder'" );
	}

	@Test
	void parameters_need_exactly_one_storage_and_one_unit() {
		assertThat( run( TwoStorages.class ) ).singleElement().asString()
				.startsWith( "asks_for_the_storage: FAILED Several test storages are open ([a, b]): take the one you need"
						+ " with TestStorage.named(name)" );
		assertThat( run( NoUnit.class ) ).singleElement().asString()
				.startsWith( "asks_for_attachments: FAILED No persistence unit that stores in a test storage is open" );
	}

	/** Two tests in order: the first leaves a file and pending faults, the second expects a clean storage. */
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	abstract static class TwoTests {
		static EntityManagerFactory emf;

		@AfterAll
		static void stop() {
			emf.close();
		}

		@Test
		@Order(1)
		void leaves_a_file(TestStorage storage, Attachments attachments) {
			storage.store( "leftbehindleftbehindleftbehind22", new java.io.ByteArrayInputStream( "x".getBytes() ) );
			storage.failNextDeletes( 5 );
			assertThat( storage.keys() ).hasSize( 1 );
			assertThat( attachments.outboxStatus().rows() ).isZero();
		}

		@Test
		@Order(2)
		void finds_nothing(TestStorage storage) {
			assertThat( storage.keys() ).isEmpty();
			assertThat( storage.calls() ).isEmpty();
			storage.delete( "leftbehindleftbehindleftbehind22" ); // the pending failures are forgotten too
		}
	}

	@AttachmentsTest
	static class Resetting extends TwoTests {
		@BeforeAll
		static void startResetting() {
			emf = unit( "resetting", "hibernate.attachments.services.files.type", "test" );
		}
	}

	@AttachmentsTest(resetStorage = false)
	static class NotResetting extends TwoTests {
		@BeforeAll
		static void startNotResetting() {
			emf = unit( "not-resetting", "hibernate.attachments.services.files.type", "test" );
		}
	}

	@AttachmentsTest(checkIntegrity = true)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class Checking {
		static EntityManagerFactory emf;

		@BeforeAll
		static void start() {
			emf = unit( "checking", "hibernate.attachments.services.files.type", "test" );
		}

		@AfterAll
		static void stop() {
			emf.close();
		}

		@Test
		@Order(1)
		void keeps_things_sound() {
			final Invoice invoice = new Invoice( "1" );
			invoice.scan = Attachment.of( "scan".getBytes(), "scan.pdf" );
			emf.runInTransaction( em -> em.persist( invoice ) );
			emf.runInTransaction( em -> em.remove( em.find( Invoice.class, invoice.id ) ) );
		}

		@Test
		@Order(2)
		void deletes_a_file_behind_the_extensions_back(TestStorage storage) {
			final Invoice invoice = new Invoice( "2" );
			invoice.scan = Attachment.of( "scan".getBytes(), "scan.pdf" );
			emf.runInTransaction( em -> em.persist( invoice ) );
			storage.delete( invoice.scan.key() );
		}
	}

	@AttachmentsTest
	static class TwoStorages {
		static EntityManagerFactory emf;

		@BeforeAll
		static void start() {
			emf = unit( "two", "hibernate.attachments.services.a.type", "test", "hibernate.attachments.services.b.type", "test",
					"hibernate.attachments.service", "a" );
		}

		@AfterAll
		static void stop() {
			emf.close();
		}

		@Test
		void asks_for_the_storage(TestStorage storage) {
		}
	}

	@AttachmentsTest
	static class NoUnit {
		@Test
		void asks_for_attachments(Attachments attachments) {
		}
	}
}
