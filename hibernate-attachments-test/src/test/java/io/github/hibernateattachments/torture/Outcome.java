package io.github.hibernateattachments.torture;

import java.util.ArrayList;
import java.util.List;

/**
 * What one part of the torture suite did on one database: one row of the reliability table.
 */
final class Outcome {

	final String part;
	final String database;
	long operations;
	long faults;
	long crashes;
	long retried;
	/** Written by many threads in the concurrency part. */
	final List<String> violations = java.util.Collections.synchronizedList( new ArrayList<>() );
	String reproduce = "";
	long millis;

	Outcome(String part, String database) {
		this.part = part;
		this.database = database;
	}

	synchronized void violation(String description) {
		violations.add( description );
		System.out.println( "  VIOLATION [" + part + ", " + database + "]: " + description );
	}

	String row() {
		return "| " + part + " | " + database + " | " + operations + " | " + faults + " | " + crashes + " | " + retried + " | "
				+ violations.size() + " | " + String.format( java.util.Locale.ROOT, "%.0f s", millis / 1000.0 ) + " |";
	}
}
