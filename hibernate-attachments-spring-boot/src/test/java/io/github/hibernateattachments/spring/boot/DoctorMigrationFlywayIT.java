package io.github.hibernateattachments.spring.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.doctor.DoctorReport;
import io.github.hibernateattachments.doctor.Finding;
import io.github.hibernateattachments.doctor.MigrationScript;
import io.github.hibernateattachments.doctor.SchemaDoctor;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema doctor's migration for PostgreSQL, run by Flyway as an application would run it: the index file
 * outside a transaction (its {@code .conf} says so: {@code CREATE INDEX CONCURRENTLY} refuses a transaction),
 * the keys {@code NOT VALID}, then their validation; afterwards the doctor finds nothing. Flyway's transactional
 * PostgreSQL lock is off ({@code flyway.postgresql.transactional.lock=false}): with it, the concurrent index build
 * waits for Flyway's own open transaction and never ends (checked: the test hung).
 */
class DoctorMigrationFlywayIT {

	@Entity
	@Table(name = "authors")
	public static class Author {
		@Id
		@GeneratedValue
		public Long id;
	}

	/** No index on author_id (PostgreSQL does not make one), and its key will be dropped. */
	@Entity
	@Table(name = "books")
	public static class Book {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne
		@OnDelete(action = OnDeleteAction.CASCADE)
		public Author author;
	}

	@Test
	void flyway_applies_the_doctors_postgresql_migration(@TempDir Path folder) throws Exception {
		final String url = EmbeddedPostgresDatabase.create();
		try ( EntityManagerFactory emf = new HibernatePersistenceConfiguration( "doctor-flyway" )
				.jdbcUrl( url ).jdbcCredentials( "postgres", "postgres" )
				.managedClasses( Author.class, Book.class )
				.property( "jakarta.persistence.schema-generation.database.action", "drop-and-create" )
				.property( AttachmentsSettings.STORAGE, "memory" )
				.createEntityManagerFactory() ) {
			try ( Connection connection = DriverManager.getConnection( url, "postgres", "postgres" );
					Statement statement = connection.createStatement() ) {
				statement.execute( "alter table books drop constraint " + foreignKey( connection ) );
				statement.execute( "insert into books (id, author_id) values (1, 404)" );
			}
			final DoctorReport before = SchemaDoctor.of( emf ).examine();
			assertThat( before.findings() ).extracting( Finding::kind ).containsExactlyInAnyOrder( Finding.Kind.MISSING_FOREIGN_KEY,
					Finding.Kind.ORPHAN_ROWS, Finding.Kind.UNINDEXED_FOREIGN_KEY );
			final Finding orphans = before.findings().stream().filter( f -> f.kind() == Finding.Kind.ORPHAN_ROWS ).findFirst().orElseThrow();
			try ( Connection connection = DriverManager.getConnection( url, "postgres", "postgres" );
					Statement statement = connection.createStatement() ) {
				statement.execute( orphans.orphanCleanup() ); // the human's decision
			}
			final List<MigrationScript> scripts = before.migration( "2" );
			scripts.forEach( script -> script.writeTo( folder ) );
			assertThat( Files.exists( folder.resolve( "V2_1__foreign_key_indexes.sql.conf" ) ) ).isTrue();

			// Flyway's default PostgreSQL lock holds a transaction open on another connection, which CREATE INDEX
			// CONCURRENTLY waits for, forever: the README says to turn it off, as here
			final MigrateResult result = Flyway.configure().dataSource( url, "postgres", "postgres" )
					.configuration( java.util.Map.of( "flyway.postgresql.transactional.lock", "false" ) )
					.locations( "filesystem:" + folder ).baselineOnMigrate( true ).baselineVersion( "1" ).load().migrate();

			assertThat( result.success ).isTrue();
			assertThat( result.migrations ).extracting( m -> m.filepath.substring( m.filepath.lastIndexOf( '/' ) + 1 ) )
					.containsExactly( "V2_1__foreign_key_indexes.sql", "V2_2__foreign_keys.sql", "V2_3__validate_foreign_keys.sql" );
			final DoctorReport after = SchemaDoctor.of( emf ).examine();
			assertThat( after.findings() ).as( after.render() ).isEmpty();
		}
	}

	private static String foreignKey(Connection connection) throws SQLException {
		try ( ResultSet keys = connection.getMetaData().getImportedKeys( null, "public", "books" ) ) {
			keys.next();
			return keys.getString( "FK_NAME" );
		}
	}
}
