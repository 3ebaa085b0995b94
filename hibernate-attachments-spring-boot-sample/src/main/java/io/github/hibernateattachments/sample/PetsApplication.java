package io.github.hibernateattachments.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Pets with photos: {@code ./mvnw -q -B -pl hibernate-attachments-spring-boot-sample spring-boot:run}, then
 * http://localhost:8080 (another port with {@code PORT=...}).
 */
@SpringBootApplication
public class PetsApplication {

	public static void main(String[] args) {
		SpringApplication.run( PetsApplication.class, args );
	}
}
