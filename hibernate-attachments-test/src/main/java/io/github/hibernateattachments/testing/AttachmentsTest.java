package io.github.hibernateattachments.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with the {@link AttachmentsExtension}: every {@link TestStorage} is emptied before each test,
 * test methods can take a {@link TestStorage} or the {@link io.github.hibernateattachments.Attachments} of the
 * unit as parameters, and, if asked, the integrity of every open persistence unit that stores in a test storage is
 * checked after each test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@ExtendWith(AttachmentsExtension.class)
public @interface AttachmentsTest {

	/**
	 * Whether every open {@link TestStorage} is emptied, and its recorded calls and faults forgotten, before each
	 * test. Default {@code true}: let it be when the database keeps rows from one test to the next (each test's
	 * rows would otherwise lose their files).
	 */
	boolean resetStorage() default true;

	/**
	 * Whether, after each test, the integrity of every open persistence unit that stores in a {@link TestStorage}
	 * is {@linkplain io.github.hibernateattachments.Attachments#checkIntegrity(java.time.Duration) checked}, the test
	 * failing with the report if any problem is found. Default {@code false}: the check reads every blob row and
	 * lists every file.
	 */
	boolean checkIntegrity() default false;
}
