package io.github.hibernateattachments.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Persistence;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A persistence.xml application (META-INF/persistence.xml of the tests): the jar on the class path is all it
 * takes. Nothing registers the integrator or its listeners; a unit that attaches nothing needs no setting at all.
 */
class PersistenceXmlIT {

	@Entity(name = "Note")
	public static class Note {
		@Id
		@GeneratedValue
		public Long id;
		public String text;
	}

	private static Map<String, Object> jdbc(Database.Connection.Target target) {
		return Map.of( "jakarta.persistence.jdbc.url", target.url(), "jakarta.persistence.jdbc.user", target.user(),
				"jakarta.persistence.jdbc.password", target.password() );
	}

	@ParameterizedTest
	@EnumSource(names = { "H2", "POSTGRESQL" })
	void the_jar_on_the_class_path_is_enough(Database database, @TempDir Path root) throws Exception {
		final Database.Connection.Target target = database.create();
		final Map<String, Object> settings = new java.util.HashMap<>( jdbc( target ) );
		settings.put( AttachmentsSettings.STORAGE_DISK_ROOT, root.toString() );
		try ( EntityManagerFactory emf = Persistence.createEntityManagerFactory( "with-attachments", settings ) ) {
			final long id = emf.callInTransaction( em -> {
				final Owner owner = new Owner( "ada" );
				owner.avatar = Attachment.of( "a".getBytes(), "a.txt" );
				em.persist( owner );
				return owner.id;
			} );
			try ( var files = Files.walk( root ) ) {
				assertThat( files.filter( Files::isRegularFile ).count() ).isEqualTo( 1 );
			}

			emf.runInTransaction( em -> em.remove( em.find( Owner.class, id ) ) );

			try ( var files = Files.walk( root ) ) {
				assertThat( files.filter( Files::isRegularFile ) ).isEmpty();
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "H2", "POSTGRESQL" })
	void a_unit_that_attaches_nothing_boots_without_any_setting(Database database) throws Exception {
		final Database.Connection.Target target = database.create();
		try ( EntityManagerFactory emf = Persistence.createEntityManagerFactory( "without-attachments", jdbc( target ) ) ) {
			emf.runInTransaction( em -> {
				final Note note = new Note();
				note.text = "hello";
				em.persist( note );
			} );
			final java.util.List<String> texts = emf.callInTransaction(
					em -> em.createQuery( "select n.text from Note n", String.class ).getResultList() );
			assertThat( texts ).containsExactly( "hello" );
		}
	}
}
