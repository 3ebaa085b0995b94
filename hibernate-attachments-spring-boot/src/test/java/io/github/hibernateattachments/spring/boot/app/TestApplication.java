package io.github.hibernateattachments.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application with Spring Data JPA and one entity with attachments. */
@SpringBootApplication
public class TestApplication {
}
