package io.github.hibernateattachments.spring.boot;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
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
		@DynamicPropertySource
		static void database(DynamicPropertyRegistry registry) {
			EmbeddedPostgresDatabase.register( registry );
		}

		@Test
		void each_has_its_schema_history() {
			assertTwoHistories( jdbc );
		}
	}
}
