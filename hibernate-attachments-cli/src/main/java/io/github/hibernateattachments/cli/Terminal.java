package io.github.hibernateattachments.cli;

import java.io.PrintStream;

/**
 * Standard error, shared by progress lines and log lines. Progress is shown only on a terminal, rewritten in place
 * on its own line; a log line written meanwhile first ends the progress line, so that neither runs into the other.
 */
final class Terminal {

	private final PrintStream err;
	private final boolean interactive;
	private boolean progressShown;

	Terminal(PrintStream err, boolean interactive) {
		this.err = err;
		this.interactive = interactive;
	}

	/** Whether the JVM's standard error is a terminal (Java 22+ says so itself; before, a console means one). */
	static boolean isTerminal() {
		final java.io.Console console = System.console();
		if ( console == null ) {
			return false;
		}
		try {
			return (Boolean) java.io.Console.class.getMethod( "isTerminal" ).invoke( console );
		}
		catch (ReflectiveOperationException e) {
			return true; // before Java 22, System.console() is null unless both streams are a terminal
		}
	}

	synchronized void progress(String line) {
		if ( interactive ) {
			err.print( "\r\033[2K" + line );
			err.flush();
			progressShown = true;
		}
	}

	/** Ends the progress line, if one is shown. */
	synchronized void endProgress() {
		if ( progressShown ) {
			err.println();
			progressShown = false;
		}
	}

	synchronized void log(String line) {
		endProgress();
		err.println( line );
	}

	PrintStream err() {
		return err;
	}
}
