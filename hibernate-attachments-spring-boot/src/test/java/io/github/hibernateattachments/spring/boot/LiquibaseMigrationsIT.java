package io.github.hibernateattachments.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Liquibase: the application's master changelog includes the extension's before its own changesets. */
class LiquibaseMigrationsIT {

	static void assertChangesets(JdbcTemplate jdbc, String database) {
		assertThat( jdbc.queryForList( "select id from databasechangelog order by orderexecuted", String.class ) )
				.containsExactly( "hibernate-attachments-1-" + database, "hibernate-attachments-2-" + database, "members" );
	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, properties = { "spring.liquibase.enabled=true",
			"spring.liquibase.change-log=classpath:db/liquibase/changelog.xml", "spring.jpa.hibernate.ddl-auto=validate",
			"attachments.services.files.type=disk", "spring.datasource.url=jdbc:h2:mem:liquibase;DB_CLOSE_DELAY=-1" })
	class OnH2 extends MigrationsContract {
		@TempDir
		static Path root;

		@DynamicPropertySource
		static void storage(DynamicPropertyRegistry registry) {
			registry.add( "attachments.services.files.root", root::toString );
		}

		@Autowired
		JdbcTemplate jdbc;

		@Override
		Path storageRoot() {
			return root;
		}

		@Test
		void the_extensions_changesets_ran_first() {
			assertChangesets( jdbc, "h2" );
		}
	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, properties = { "spring.liquibase.enabled=true",
			"spring.liquibase.change-log=classpath:db/liquibase/changelog.xml", "spring.jpa.hibernate.ddl-auto=validate",
			"attachments.services.files.type=disk" })
	class OnPostgreSQL extends MigrationsContract {
		@TempDir
		static Path root;
		static EmbeddedPostgres postgres;

		@DynamicPropertySource
		static void database(DynamicPropertyRegistry registry) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException e) {
				throw new UncheckedIOException( e );
			}
			registry.add( "spring.datasource.url", () -> postgres.getJdbcUrl( "postgres", "postgres" ) );
			registry.add( "spring.datasource.username", () -> "postgres" );
			registry.add( "spring.datasource.password", () -> "postgres" );
			registry.add( "attachments.services.files.root", root::toString );
		}

		@AfterAll
		static void stop() throws IOException {
			postgres.close();
		}

		@Autowired
		JdbcTemplate jdbc;

		@Override
		Path storageRoot() {
			return root;
		}

		@Test
		void the_extensions_changesets_ran_first() {
			assertChangesets( jdbc, "postgresql" );
		}
	}
}
