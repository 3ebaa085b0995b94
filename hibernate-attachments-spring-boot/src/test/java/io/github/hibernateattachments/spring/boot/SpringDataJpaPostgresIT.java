package io.github.hibernateattachments.spring.boot;

import java.nio.file.Path;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SpringDataJpaContract} on a real PostgreSQL (embedded, one server for all the tests). */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.jpa.open-in-view=false",
		"spring.jpa.hibernate.ddl-auto=create-drop", "attachments.services.files.type=disk" })
class SpringDataJpaPostgresIT extends SpringDataJpaContract {

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		EmbeddedPostgresDatabase.register( registry );
		registry.add( "attachments.services.files.root", root::toString );
	}

	@Override
	Path storageRoot() {
		return root;
	}
}
