package io.github.hibernateattachments.test;

import java.util.Map;

import io.github.hibernateattachments.test.planner.PlannerModel.NotNullChild;
import io.github.hibernateattachments.test.planner.PlannerModel.Parent;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;

import static io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar boots in any persistence unit: one that attaches nothing needs no storage setting (the delete
 * planner alone is useful there), one that attaches files without a storage is refused naming its attributes.
 */
class BootIT {

	private static EntityManagerFactory boot(Map<String, Object> settings, Class<?>... entities) {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "boot" )
				.jdbcUrl( "jdbc:h2:mem:boot" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" )
				.jdbcCredentials( "sa", "" );
		if ( !settings.containsKey( "jakarta.persistence.schema-generation.database.action" ) ) {
			configuration.property( "jakarta.persistence.schema-generation.database.action", "create" );
		}
		for ( Class<?> entity : entities ) {
			configuration.managedClass( entity );
		}
		settings.forEach( configuration::property );
		return configuration.createEntityManagerFactory();
	}

	@Test
	void a_unit_with_no_attached_attribute_needs_no_storage_and_gets_the_planner() {
		try ( EntityManagerFactory emf = boot( Map.of(), Parent.class, NotNullChild.class ) ) {
			final long id = emf.callInTransaction( em -> {
				final Parent parent = new Parent();
				em.persist( parent );
				final NotNullChild child = new NotNullChild();
				child.parent = parent;
				em.persist( child );
				return parent.id;
			} );

			emf.runInTransaction( em -> {
				final Parent parent = em.find( Parent.class, id );
				final NotNullChild child = em.createQuery( "from NotNullChild", NotNullChild.class ).getSingleResult();
				em.remove( parent );
				em.remove( child );
			} );

			final long parents = emf.callInTransaction( em -> em.createQuery( "select count(*) from Parent", Long.class )
					.getSingleResult() );
			assertThat( parents ).isZero();
		}
	}

	@Test
	void attached_attributes_without_a_storage_fail_at_boot_naming_them() {
		assertAttachmentError( () -> boot( Map.of(), Owner.class ).close() )
				.hasMessageStartingWith( "No storage is configured for the attachments of Owner.avatar, Owner.banner,"
						+ " Owner.photos: set 'hibernate.attachments.services.<name>.type'" );
	}

	@Test
	void missing_extension_tables_fail_the_boot_naming_them_and_the_script() {
		assertAttachmentError( () -> boot( Map.of( "hibernate.attachments.storage", "memory",
				"jakarta.persistence.schema-generation.database.action", "none" ), Owner.class ).close() )
				.hasMessageStartingWith( "The tables [attachment_blobs, attachment_purges, attachment_detached_blobs] of"
						+ " hibernate-attachments do not exist" )
				.hasMessageContaining( "META-INF/hibernate-attachments/sql/h2/V1__attachments.sql and V2__detached_blobs.sql" );
	}
}
