package io.github.hibernateattachments.spring.boot;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * spring.sql.init with the shipped re-runnable script before the application's own: Hibernate validates the
 * schema, attachments work, and the scripts run again at the next start without failing.
 */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.datasource.url=jdbc:h2:mem:sqlinit;DB_CLOSE_DELAY=-1",
		"spring.sql.init.mode=always", "spring.jpa.hibernate.ddl-auto=validate", "attachments.services.files.type=disk",
		"spring.sql.init.schema-locations=classpath:META-INF/hibernate-attachments/sql-init/h2.sql,classpath:db/sql-init/members-h2.sql" })
class SqlInitIT extends MigrationsContract {
	@Autowired
	javax.sql.DataSource dataSource;

	@Test
	void the_scripts_run_again_at_the_next_start() {
		new ResourceDatabasePopulator( new ClassPathResource( "META-INF/hibernate-attachments/sql-init/h2.sql" ),
				new ClassPathResource( "db/sql-init/members-h2.sql" ) ).execute( dataSource );

		assertThat( jdbc.queryForObject( "select count(*) from information_schema.tables where lower(table_name) like 'attachment_%'",
				Long.class ) ).isEqualTo( 3 );
	}
}
