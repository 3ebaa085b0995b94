package io.github.hibernateattachments.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Every {@link DatabaseTest} ends with the test kit's integrity check of its fixture (the database and storage
 * must agree as the guarantees say); a test that leaves them disagreeing on purpose (a file deleted behind the
 * extension's back, a delete that keeps failing) says so, and why, with this annotation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface IntegrityNotChecked {

	/** Why the test leaves database and storage disagreeing. */
	String value();
}
