package io.github.hibernateattachments.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A simple sampling profiler for {@link DeletePlannerBenchmark}: while a section is open, a daemon thread
 * takes the stack of the measured thread about every millisecond ({@link Thread#getStackTrace}, so samples
 * land on safepoints: good for a coarse split, not for single methods) and attributes each sample
 * <ul>
 *     <li>to a category, by the innermost frame outside the JDK (a socket read is "waiting for the server");</li>
 *     <li>to the extension's entry points found anywhere on the stack (inclusive time);</li>
 *     <li>to a phase: the {@code remove()} calls, or the flush at commit (and within it the JDBC batches).</li>
 * </ul>
 * Used only in a separate profiling pass, never while the reported figures are measured.
 */
final class StackSampler {

	/** The figures of one label. */
	static final class Profile {
		int samples;
		final Map<String, Integer> categories = new LinkedHashMap<>();
		final Map<String, Integer> inclusive = new LinkedHashMap<>();
		final Map<String, Integer> phases = new LinkedHashMap<>();
		final Map<String, Integer> frames = new HashMap<>();
	}

	private final Thread measured;
	private final Map<String, Profile> profiles = new LinkedHashMap<>();
	private volatile String section;
	private volatile boolean enabled;

	StackSampler(Thread measured) {
		this.measured = measured;
		final Thread sampler = new Thread( this::loop, "stack-sampler" );
		sampler.setDaemon( true );
		sampler.start();
	}

	/** Whether the sections opened from now on are sampled. */
	void enabled(boolean enabled) {
		this.enabled = enabled;
	}

	void begin(String label) {
		if ( enabled ) {
			section = label;
		}
	}

	void end() {
		section = null;
	}

	/** Forgets the profiles taken so far. */
	void clear() {
		synchronized ( profiles ) {
			profiles.clear();
		}
	}

	Map<String, Profile> profiles() {
		synchronized ( profiles ) {
			return new LinkedHashMap<>( profiles );
		}
	}

	private void loop() {
		while ( true ) {
			final String label = section;
			if ( label != null ) {
				final StackTraceElement[] stack = measured.getStackTrace();
				if ( label.equals( section ) ) {
					record( label, stack );
				}
			}
			try {
				Thread.sleep( 1 );
			}
			catch (InterruptedException e) {
				return;
			}
		}
	}

	private void record(String label, StackTraceElement[] stack) {
		synchronized ( profiles ) {
			final Profile profile = profiles.computeIfAbsent( label, l -> new Profile() );
			profile.samples++;
			profile.categories.merge( category( stack ), 1, Integer::sum );
			final StackTraceElement self = innermostOutsideJdk( stack );
			if ( self != null ) {
				profile.frames.merge( simple( self.getClassName() ) + "." + self.getMethodName(), 1, Integer::sum );
			}
			for ( String entry : inclusive( stack ) ) {
				profile.inclusive.merge( entry, 1, Integer::sum );
			}
			profile.phases.merge( phase( stack ), 1, Integer::sum );
		}
	}

	private static boolean isJdk(String className) {
		return className.startsWith( "java." ) || className.startsWith( "jdk." ) || className.startsWith( "sun." )
				|| className.startsWith( "com.sun." );
	}

	private static StackTraceElement innermostOutsideJdk(StackTraceElement[] stack) {
		for ( StackTraceElement frame : stack ) {
			if ( !isJdk( frame.getClassName() ) ) {
				return frame;
			}
		}
		return null;
	}

	private static String category(StackTraceElement[] stack) {
		if ( stack.length > 0 ) {
			final String top = stack[0].getClassName();
			if ( top.startsWith( "sun.nio.ch." ) || top.startsWith( "java.net." ) || top.equals( "java.io.FileInputStream" ) ) {
				return "waiting for the database server (socket)";
			}
		}
		final StackTraceElement self = innermostOutsideJdk( stack );
		if ( self == null ) {
			return "JDK";
		}
		final String name = self.getClassName();
		if ( name.startsWith( "io.github.hibernateattachments.bench." ) ) {
			return "harness";
		}
		if ( name.startsWith( "io.github.hibernateattachments." ) ) {
			return "extension code";
		}
		if ( name.startsWith( "org.hibernate." ) ) {
			return "Hibernate ORM";
		}
		if ( name.startsWith( "org.h2." ) ) {
			return "H2 engine (in-process)";
		}
		if ( name.startsWith( "org.postgresql." ) ) {
			return "pgjdbc driver";
		}
		return "other (" + name.substring( 0, Math.max( 0, name.lastIndexOf( '.' ) ) ) + ")";
	}

	private static List<String> inclusive(StackTraceElement[] stack) {
		final java.util.Set<String> found = new java.util.LinkedHashSet<>();
		for ( StackTraceElement frame : stack ) {
			final String name = frame.getClassName();
			if ( name.equals( "io.github.hibernateattachments.internal.DeletePlanner" ) ) {
				found.add( "DeletePlanner (sort at flush)" );
			}
			else if ( name.equals( "io.github.hibernateattachments.internal.PlannedDeleteEventListener" )
					&& !frame.getMethodName().equals( "onDelete" ) ) {
				found.add( "PlannedDeleteEventListener, own work (hide)" );
			}
			else if ( name.equals( "io.github.hibernateattachments.internal.AttachmentsEventListener" ) ) {
				found.add( "AttachmentsEventListener (attachments' own listener)" );
			}
		}
		return List.copyOf( found );
	}

	private static String phase(StackTraceElement[] stack) {
		boolean flush = false;
		boolean remove = false;
		boolean batch = false;
		for ( StackTraceElement frame : stack ) {
			final String name = frame.getClassName();
			final String method = frame.getMethodName();
			if ( name.endsWith( "FlushEventListener" ) && method.equals( "onFlush" ) ) {
				flush = true;
			}
			if ( name.equals( "org.hibernate.internal.SessionImpl" ) && method.equals( "remove" ) ) {
				remove = true;
			}
			if ( method.equals( "executeBatch" ) || method.equals( "performExecution" ) && name.contains( "Batch" ) ) {
				batch = true;
			}
		}
		if ( remove ) {
			return "remove() calls";
		}
		if ( flush ) {
			return batch ? "flush: executing JDBC batches" : "flush: other";
		}
		return batch ? "JDBC batches (outside a flush)" : "other (commit, harness)";
	}

	private static String simple(String className) {
		return className.substring( className.lastIndexOf( '.' ) + 1 );
	}

	/** Prints one label's profile, as percentages of its samples. */
	static void print(String label, Profile profile) {
		System.out.printf( Locale.ROOT, "  profile of \"%s\": %d samples%n", label, profile.samples );
		System.out.printf( "      by innermost non-JDK frame: %s%n", percentages( profile.categories, profile.samples, 99 ) );
		System.out.printf( "      by phase: %s%n", percentages( profile.phases, profile.samples, 99 ) );
		System.out.printf( "      extension code on the stack (inclusive): %s%n",
				profile.inclusive.isEmpty() ? "none" : percentages( profile.inclusive, profile.samples, 99 ) );
		System.out.printf( "      top frames: %s%n", percentages( profile.frames, profile.samples, 6 ) );
	}

	private static String percentages(Map<String, Integer> counts, int total, int limit) {
		return counts.entrySet().stream()
				.sorted( Map.Entry.<String, Integer>comparingByValue().reversed() )
				.limit( limit )
				.map( e -> String.format( Locale.ROOT, "%s %.1f%%", e.getKey(), 100.0 * e.getValue() / total ) )
				.collect( Collectors.joining( ", " ) );
	}
}
