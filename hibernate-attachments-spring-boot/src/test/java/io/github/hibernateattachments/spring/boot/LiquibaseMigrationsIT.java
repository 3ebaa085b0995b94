package io.github.hibernateattachments.spring.boot;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
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
		@DynamicPropertySource
		static void database(DynamicPropertyRegistry registry) {
			EmbeddedPostgresDatabase.register( registry );
		}

		@Test
		void the_extensions_changesets_ran_first() {
			assertChangesets( jdbc, "postgresql" );
		}
	}
}
