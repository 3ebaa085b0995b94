package io.github.hibernateattachments.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

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
@ResourceLock(AttachmentsTest.STORAGES)
public @interface AttachmentsTest {

	/**
	 * The JUnit resource lock of the test storages: the kit resets and checks every storage and unit of the JVM,
	 * so classes that use it never run in parallel.
	 */
	String STORAGES = "io.github.hibernateattachments.testing.TestStorage";

	/**
	 * Whether every open {@link TestStorage} is emptied, and its recorded calls, faults and hooks forgotten, before
	 * each test. Default {@code true}, for tests that start from an empty database (or roll back). Set it to
	 * {@code false} when committed rows stay in the database from one test to the next: emptying the storage would
	 * take their files away (then forget the calls with {@link TestStorage#clearCalls()} where needed).
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
