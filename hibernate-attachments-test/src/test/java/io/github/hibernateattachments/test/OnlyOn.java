package io.github.hibernateattachments.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Restricts the {@link Database}s a {@link DatabaseTest} runs on (default: all of them); on the class or the
 * method, the method's winning. For tests about one database's own artifacts, such as its SQL scripts.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface OnlyOn {
	Database[] value();
}
