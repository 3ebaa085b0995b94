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

/** Flyway: the extension's scripts run first, with their own schema history, then the application's. */
class FlywayMigrationsIT {

	static void assertTwoHistories(JdbcTemplate jdbc) {
		assertThat( jdbc.queryForList( "select \"version\" from \"attachments_schema_history\" where \"version\" <> '0' order by \"installed_rank\"",
				String.class ) ).containsExactly( "1", "2" );
		assertThat( jdbc.queryForList( "select \"version\" from \"flyway_schema_history\" where \"version\" is not null", String.class ) ).containsExactly( "1" );
	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, properties = { "spring.flyway.enabled=true",
			"spring.flyway.locations=classpath:db/flyway", "spring.jpa.hibernate.ddl-auto=validate",
			"attachments.services.files.type=disk", "spring.datasource.url=jdbc:h2:mem:flyway;DB_CLOSE_DELAY=-1" })
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
		void each_has_its_schema_history() {
			assertTwoHistories( jdbc );
		}
	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, properties = { "spring.flyway.enabled=true",
			"spring.flyway.locations=classpath:db/flyway", "spring.jpa.hibernate.ddl-auto=validate",
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
		void each_has_its_schema_history() {
			assertTwoHistories( jdbc );
		}
	}
}
