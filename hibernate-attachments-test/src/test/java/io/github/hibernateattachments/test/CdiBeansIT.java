package io.github.hibernateattachments.test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.storage.InMemoryStorageService;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jakarta EE: storage services that are CDI beans (Weld SE, the CDI reference implementation), found through
 * the bean manager the application hands to JPA ({@code jakarta.persistence.bean.manager}), with their own
 * injected dependencies.
 */
class CdiBeansIT {

	/** Something the application's container provides, injected into its storage service. */
	@ApplicationScoped
	public static class ArchiveSettings {
		public String prefix() {
			return "archive-";
		}
	}

	/** A storage service written as a CDI bean: named, application scoped, with an injected dependency. */
	@ApplicationScoped
	@Named("archiveStorage")
	public static class ArchiveStorage extends io.github.hibernateattachments.testing.ForwardingStorageService {
		@Inject
		ArchiveSettings settings;
		private String prefix;

		public ArchiveStorage() {
			super( new InMemoryStorageService() );
		}

		@PostConstruct
		void init() {
			prefix = settings.prefix();
		}

		@Override
		public String name() {
			return prefix + delegate.name();
		}

		public Set<String> keys() {
			try ( var listed = delegate.list() ) {
				return listed.map( ListedObject::key ).collect( Collectors.toSet() );
			}
		}
	}

	/** A storage service named by its class in {@code .type}: created by the container, injected too. */
	@ApplicationScoped
	public static class TypedStorage extends ArchiveStorage {
	}

	private static WeldContainer weld() {
		return new Weld( "cdi-beans-it-" + System.nanoTime() ).disableDiscovery()
				.property( "org.jboss.weld.executor.threadPoolType", "NONE" ) // no worker threads to outlive the test
				.addBeanClasses( ArchiveSettings.class, ArchiveStorage.class, TypedStorage.class )
				.initialize();
	}

	@ParameterizedTest
	@EnumSource(names = { "H2", "POSTGRESQL" })
	void a_named_cdi_bean_is_a_storage_service(Database database) throws Exception {
		try ( WeldContainer weld = weld();
				Fixture fixture = Fixture.start( database, List.of( Dossier.class ), Map.of(
						"jakarta.persistence.bean.manager", weld.getBeanManager(),
						AttachmentsSettings.SERVICES + "archive.bean", "archiveStorage",
						AttachmentsSettings.SERVICE, "disk" ) ) ) {
			final long id = fixture.fromTransaction( em -> {
				final Dossier dossier = new Dossier();
				dossier.photo = Attachment.of( "photo".getBytes(), "photo.txt" );
				dossier.scan = Attachment.of( "scan".getBytes(), "scan.txt" );
				em.persist( dossier );
				return dossier.id;
			} );

			final ArchiveStorage bean = weld.select( ArchiveStorage.class, jakarta.enterprise.inject.literal.NamedLiteral.of( "archiveStorage" ) ).get();
			final String scanKey = fixture.queryStrings( "select storage_key from attachment_blobs where filename = 'scan.txt'" ).get( 0 );
			assertThat( bean.keys() ).containsExactly( scanKey );
			assertThat( bean.name() ).as( "injected and initialized by the container" ).isEqualTo( "archive-memory" );
			assertThat( fixture.queryStrings( "select service_name from attachment_blobs order by filename" ) )
					.containsExactly( "disk", "archive" );
			final String read = fixture.fromTransaction( em -> {
				try ( var in = fixture.attachments().openStream( em.find( Dossier.class, id ).scan ) ) {
					return new String( in.readAllBytes() );
				}
				catch (java.io.IOException e) {
					throw new java.io.UncheckedIOException( e );
				}
			} );
			assertThat( read ).isEqualTo( "scan" );

			fixture.inTransaction( em -> em.remove( em.find( Dossier.class, id ) ) );
			assertThat( bean.keys() ).isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "H2", "POSTGRESQL" })
	void a_class_named_as_type_is_created_by_the_cdi_container(Database database) throws Exception {
		try ( WeldContainer weld = weld();
				Fixture fixture = Fixture.start( database, List.of( Dossier.class ), Map.of(
						"jakarta.persistence.bean.manager", weld.getBeanManager(),
						AttachmentsSettings.SERVICES + "archive.type", TypedStorage.class.getName(),
						AttachmentsSettings.SERVICE, "disk" ) ) ) {
			fixture.inTransaction( em -> {
				final Dossier dossier = new Dossier();
				dossier.scan = Attachment.of( "scan".getBytes(), "scan.txt" );
				em.persist( dossier );
			} );

			assertThat( weld.select( TypedStorage.class ).get().keys() ).isEqualTo( fixture.blobKeys() ).hasSize( 1 );
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "H2" })
	void an_unknown_bean_name_fails_the_boot_naming_the_setting(Database database) {
		try ( WeldContainer weld = weld() ) {
			assertThatThrownBy( () -> Fixture.start( database, List.of( Dossier.class ), Map.of(
					"jakarta.persistence.bean.manager", weld.getBeanManager(),
					AttachmentsSettings.SERVICES + "archive.bean", "archiveStorag",
					AttachmentsSettings.SERVICE, "disk" ) ) )
					.hasRootCauseInstanceOf( Exception.class )
					.satisfies( e -> assertThat( rootOrAttachment( e ).getMessage() )
							.contains( "hibernate.attachments.services.archive.bean" ).contains( "archiveStorag" ) );
		}
	}

	private static Throwable rootOrAttachment(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof AttachmentException ) {
				return t;
			}
		}
		return e;
	}
}
