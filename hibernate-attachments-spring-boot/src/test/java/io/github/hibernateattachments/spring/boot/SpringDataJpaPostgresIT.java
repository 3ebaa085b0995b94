package io.github.hibernateattachments.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SpringDataJpaContract} on a real PostgreSQL (embedded, started for this class). */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.jpa.open-in-view=false",
		"spring.jpa.hibernate.ddl-auto=create-drop", "attachments.services.files.type=disk" })
class SpringDataJpaPostgresIT extends SpringDataJpaContract {

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

	@Override
	Path storageRoot() {
		return root;
	}
}
