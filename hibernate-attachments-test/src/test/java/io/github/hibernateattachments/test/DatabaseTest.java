package io.github.hibernateattachments.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test method once per {@link Database}, each time with a fresh {@link Fixture}: a new database,
 * a new SessionFactory (schema by hbm2ddl), a {@link io.github.hibernateattachments.testing.TestStorage} in a new folder.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(DatabaseExtension.class)
public @interface DatabaseTest {
}
