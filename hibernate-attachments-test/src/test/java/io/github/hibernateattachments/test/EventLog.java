package io.github.hibernateattachments.test;

import java.util.ArrayList;
import java.util.List;

/**
 * One timeline of what a test caused: SQL statements and storage operations, in the order they happened.
 */
public final class EventLog {

	private final List<String> events = new ArrayList<>();

	public synchronized void add(String event) {
		events.add( event );
	}

	public synchronized List<String> events() {
		return List.copyOf( events );
	}

	public synchronized void clear() {
		events.clear();
	}

	/** @return the index of the first event starting with {@code prefix}, or -1 */
	public synchronized int indexOf(String prefix) {
		for ( int i = 0; i < events.size(); i++ ) {
			if ( events.get( i ).startsWith( prefix ) ) {
				return i;
			}
		}
		return -1;
	}
}
