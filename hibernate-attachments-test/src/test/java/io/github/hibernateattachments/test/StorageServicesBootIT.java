package io.github.hibernateattachments.test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.storage.InMemoryStorageService;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a persistence unit's storage services are configured, and the errors a wrong configuration gets at boot.
 * Configuration only: one database (H2) shows it.
 */
class StorageServicesBootIT {

	private static final String SERVICES = AttachmentsSettings.SERVICES;

	@TempDir
	Path folder;

	private static EntityManagerFactory boot(Map<String, Object> settings) {
		return boot( settings, Dossier.class );
	}

	private static EntityManagerFactory boot(Map<String, Object> settings, Class<?> entity) {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "services" )
				.jdbcUrl( "jdbc:h2:mem:services" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" )
				.jdbcCredentials( "sa", "" )
				.property( "jakarta.persistence.schema-generation.database.action", "create" )
				.managedClass( entity );
		settings.forEach( configuration::property );
		return configuration.createEntityManagerFactory();
	}

	private Map<String, Object> twoDiskServices() {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( SERVICES + "local.type", "disk" );
		settings.put( SERVICES + "local.root", folder.resolve( "local" ).toString() );
		settings.put( SERVICES + "archive.type", "disk" );
		settings.put( SERVICES + "archive.root", folder.resolve( "archive" ).toString() );
		return settings;
	}

	private static String read(Attachments attachments, Attachment attachment) throws Exception {
		try ( InputStream in = attachments.openStream( attachment ) ) {
			return new String( in.readAllBytes(), StandardCharsets.UTF_8 );
		}
	}

	@Test
	void services_by_properties_each_attribute_in_its_own_folder() throws Exception {
		final Map<String, Object> settings = twoDiskServices();
		settings.put( AttachmentsSettings.SERVICE, "local" );
		try ( EntityManagerFactory emf = boot( settings ) ) {
			final long id = emf.callInTransaction( em -> {
				final Dossier dossier = new Dossier();
				dossier.photo = Attachment.of( "photo".getBytes( StandardCharsets.UTF_8 ), "photo.txt" );
				dossier.scan = Attachment.of( "scan".getBytes( StandardCharsets.UTF_8 ), "scan.txt" );
				em.persist( dossier );
				return dossier.id;
			} );
			final Attachments attachments = Attachments.of( emf );
			final Dossier dossier = emf.callInTransaction( em -> {
				final Dossier found = em.find( Dossier.class, id );
				attachments.fetchAttachments( em, java.util.List.of( found ) );
				return found;
			} );

			assertThat( dossier.photo.serviceName() ).isEqualTo( "local" );
			assertThat( dossier.scan.serviceName() ).isEqualTo( "archive" );
			assertThat( read( attachments, dossier.photo ) ).isEqualTo( "photo" );
			assertThat( read( attachments, dossier.scan ) ).isEqualTo( "scan" );
			try ( var files = Files.walk( folder.resolve( "archive" ) ) ) {
				assertThat( files.filter( Files::isRegularFile ).map( p -> p.getFileName().toString() ) )
						.containsExactly( dossier.scan.key() );
			}
		}
	}

	@Test
	void one_service_is_the_default_without_saying_so() {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( SERVICES + "archive.type", "memory" );
		try ( EntityManagerFactory emf = boot( settings ) ) {
			final String service = emf.callInTransaction( em -> {
				final Dossier dossier = new Dossier();
				dossier.photo = Attachment.of( new byte[] { 1 }, "a.bin" );
				em.persist( dossier );
				em.flush();
				return dossier.photo.serviceName();
			} );
			assertThat( service ).isEqualTo( "archive" );
		}
	}

	@Test
	void several_services_and_no_default_fail_naming_the_attribute_and_the_setting() {
		assertAttachmentError( () -> boot( twoDiskServices() ).close() )
				.hasMessage( "Several storage services are configured [archive, local] and Dossier.photo name none in"
						+ " @Attached(service): set 'hibernate.attachments.service' to the default one" );
	}

	@Test
	void an_unknown_service_in_the_annotation_fails_the_boot_naming_the_attribute() {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( SERVICES + "local.type", "memory" );
		assertAttachmentError( () -> boot( settings ).close() )
				.hasMessage( "Unknown storage service 'archive' in @Attached(service) on Dossier.scan: configured"
						+ " services are [local]" );
	}

	@Test
	void a_missing_type_setting_lists_the_types_found_on_the_class_path() {
		final Map<String, Object> settings = twoDiskServices();
		settings.remove( SERVICES + "archive.type" );
		settings.put( AttachmentsSettings.SERVICE, "local" );
		assertAttachmentError( () -> boot( settings ).close() )
				.hasMessage( "Missing setting 'hibernate.attachments.services.archive.type': expected one of [disk, gcs,"
						+ " memory, mirror, test, test-closing, test-hook], or the name of a class implementing StorageService or"
						+ " StorageServiceFactory" );
	}

	@Test
	void a_missing_root_names_the_full_setting() {
		final Map<String, Object> settings = twoDiskServices();
		settings.remove( SERVICES + "archive.root" );
		settings.put( AttachmentsSettings.SERVICE, "local" );
		assertAttachmentError( () -> boot( settings ).close() )
				.hasMessage( "Unable to create storage service 'archive': Missing setting"
						+ " 'hibernate.attachments.services.archive.root': the disk storage service 'archive' needs the"
						+ " folder that holds its files" );
	}

	@Test
	void old_and_new_storage_settings_together_say_what_replaces_the_old_ones() {
		final Map<String, Object> settings = twoDiskServices();
		settings.put( AttachmentsSettings.STORAGE_DISK_ROOT, folder.toString() );
		assertAttachmentError( () -> boot( settings ).close() )
				.hasMessageStartingWith( "Both 'hibernate.attachments.storage' (or 'hibernate.attachments.storage.disk.root')"
						+ " and 'hibernate.attachments.services.*' are set" )
				.hasMessageContaining( "replace 'hibernate.attachments.storage.disk.root=<folder>' with"
						+ " 'hibernate.attachments.services.disk.type=disk' and 'hibernate.attachments.services.disk.root=<folder>'" );
	}

	@Test
	void an_instance_under_services_counts_as_the_new_style_too() {
		final Map<String, Object> settings = Map.of( AttachmentsSettings.STORAGE_DISK_ROOT, folder.toString(),
				SERVICES + "archive", new InMemoryStorageService( "archive" ) );
		assertAttachmentError( () -> boot( settings ).close() ).hasMessageStartingWith( "Both 'hibernate.attachments.storage'" );
	}

	@Test
	void the_old_single_storage_settings_keep_working_under_the_name_disk() {
		try ( EntityManagerFactory emf = boot( Map.of( AttachmentsSettings.STORAGE_DISK_ROOT, folder.toString() ), Owner.class ) ) {
			final String service = emf.callInTransaction( em -> {
				final Owner owner = new Owner( "old" );
				owner.avatar = Attachment.of( new byte[] { 1 }, "a.bin" );
				em.persist( owner );
				em.flush();
				return owner.avatar.serviceName();
			} );
			assertThat( service ).isEqualTo( "disk" );
		}
	}

	@Test
	void a_factory_found_by_service_loader_receives_its_name_and_settings_and_is_closed_with_the_unit() {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( SERVICES + "main.type", "test-closing" );
		settings.put( SERVICES + "main.label", "hello" );
		settings.put( SERVICES + "archive", new InMemoryStorageService( "whatever-it-calls-itself" ) );
		settings.put( AttachmentsSettings.SERVICE, "main" );
		final ClosingStorageFactory.Closing service;
		try ( EntityManagerFactory emf = boot( settings ) ) {
			service = ClosingStorageFactory.CREATED.get( "main" );
			assertThat( service.label ).isEqualTo( "hello" );
			assertThat( service.closed ).isFalse();
			final String[] services = emf.callInTransaction( em -> {
				final Dossier dossier = new Dossier();
				dossier.photo = Attachment.of( new byte[] { 1 }, "a.bin" );
				dossier.scan = Attachment.of( new byte[] { 2 }, "b.bin" );
				em.persist( dossier );
				em.flush();
				return new String[] { dossier.photo.serviceName(), dossier.scan.serviceName() };
			} );
			// rows record the configured name, whatever an instance calls itself
			assertThat( services ).containsExactly( "main", "archive" );
		}
		assertThat( service.closed ).isTrue();
	}

	@Test
	void a_service_can_be_a_named_bean_of_the_applications_container() {
		final InMemoryStorageService bean = new InMemoryStorageService( "bean" );
		final Map<String, Object> settings = new HashMap<>();
		settings.put( "hibernate.resource.beans.container", new TestBeanContainer( Map.of( "archiveStorage", bean ) ) );
		settings.put( SERVICES + "local.type", "memory" );
		settings.put( SERVICES + "archive.bean", "archiveStorage" );
		settings.put( AttachmentsSettings.SERVICE, "local" );
		try ( EntityManagerFactory emf = boot( settings ) ) {
			final String key = emf.callInTransaction( em -> {
				final Dossier dossier = new Dossier();
				dossier.scan = Attachment.of( new byte[] { 7 }, "scan.bin" );
				em.persist( dossier );
				em.flush();
				return dossier.scan.key();
			} );
			assertThat( bean.keys() ).containsExactly( key );
		}
	}

	@Test
	void a_named_bean_without_a_container_fails_saying_so() {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( SERVICES + "local.type", "memory" );
		settings.put( SERVICES + "archive.bean", "archiveStorage" );
		settings.put( AttachmentsSettings.SERVICE, "local" );
		assertAttachmentError( () -> boot( settings ).close() )
				.hasMessageStartingWith( "Unable to resolve the bean named 'archiveStorage' (StorageService) for setting"
						+ " 'hibernate.attachments.services.archive.bean': no bean container is configured" );
	}

	@Test
	void a_class_name_as_type_creates_the_service_through_the_bean_registry() {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( SERVICES + "local.type", "memory" );
		settings.put( SERVICES + "archive.type", PublicMemoryStorage.class.getName() );
		settings.put( AttachmentsSettings.SERVICE, "local" );
		try ( EntityManagerFactory emf = boot( settings ) ) {
			final String service = emf.callInTransaction( em -> {
				final Dossier dossier = new Dossier();
				dossier.scan = Attachment.of( new byte[] { 7 }, "scan.bin" );
				em.persist( dossier );
				em.flush();
				return dossier.scan.serviceName();
			} );
			assertThat( service ).isEqualTo( "archive" );
		}
	}

	@Test
	void mirrors_that_refer_to_each_other_fail_naming_the_cycle() {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( SERVICES + "a.type", "mirror" );
		settings.put( SERVICES + "a.primary", "b" );
		settings.put( SERVICES + "a.mirrors", "c" );
		settings.put( SERVICES + "b.type", "mirror" );
		settings.put( SERVICES + "b.primary", "a" );
		settings.put( SERVICES + "b.mirrors", "c" );
		settings.put( SERVICES + "c.type", "memory" );
		settings.put( SERVICES + "archive.type", "memory" );
		settings.put( AttachmentsSettings.SERVICE, "c" );
		assertAttachmentError( () -> boot( settings ).close() )
				.hasMessage( "Storage services refer to each other in a cycle: a -> b -> a" );
	}

	@Test
	void an_invalid_service_name_is_refused() {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( SERVICES + "my service.type", "memory" );
		assertAttachmentError( () -> boot( settings ).close() )
				.hasMessageStartingWith( "Invalid storage service name 'my service' in setting"
						+ " 'hibernate.attachments.services.my service.type'" );
	}

	/** A StorageService with a public no-argument constructor, named by class in a service's type. */
	public static final class PublicMemoryStorage extends io.github.hibernateattachments.testing.ForwardingStorageService {
		public PublicMemoryStorage() {
			super( new InMemoryStorageService( "public" ) );
		}
	}
}
