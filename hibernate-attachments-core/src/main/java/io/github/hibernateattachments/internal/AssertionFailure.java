package io.github.hibernateattachments.internal;

/**
 * A bug in hibernate-attachments, never a user error: report it.
 */
public final class AssertionFailure extends Error {

	public AssertionFailure(String message) {
		super( message );
	}

	public AssertionFailure(String message, Throwable cause) {
		super( message, cause );
	}
}
