package io.github.hibernateattachments.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The entity classes of the persistence unit a {@link DatabaseTest} builds (default: the shared test model).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Entities {
	Class<?>[] value();
}
