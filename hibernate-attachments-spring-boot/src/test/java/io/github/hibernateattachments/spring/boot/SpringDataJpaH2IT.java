package io.github.hibernateattachments.spring.boot;

import java.nio.file.Path;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SpringDataJpaContract} on H2. */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.jpa.open-in-view=false",
		"spring.datasource.url=jdbc:h2:mem:springdata;DB_CLOSE_DELAY=-1", "attachments.services.files.type=disk" })
class SpringDataJpaH2IT extends SpringDataJpaContract {

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add( "attachments.services.files.root", root::toString );
	}

	@Override
	Path storageRoot() {
		return root;
	}
}
