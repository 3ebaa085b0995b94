package io.github.hibernateattachments.cli;

/** A failure with its exit status and a message for the user; no stack trace is printed for it. */
final class CliException extends RuntimeException {

	private final int exitCode;

	CliException(int exitCode, String message, Throwable cause) {
		super( message, cause );
		this.exitCode = exitCode;
	}

	CliException(int exitCode, String message) {
		this( exitCode, message, null );
	}

	int exitCode() {
		return exitCode;
	}
}
