package io.github.hibernateattachments.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * What adding the jar costs an application that attaches nothing: a fresh JVM boots a persistence unit with one
 * plain entity on H2 and runs a first transaction (persist, commit), once with hibernate-attachments-core on
 * the class path and once without it (the same class path minus that jar). Each run is its own JVM, timed from
 * the JVM's start to the end of the first commit; runs alternate, and the medians are compared.
 * <pre>
 * ./mvnw -q -B -pl hibernate-attachments-test -Pbenchmarks test-compile exec:exec@boot
 * </pre>
 * Arguments: [rounds, default 9].
 */
public final class BootBenchmark {

	@Entity(name = "Plain")
	@Table(name = "plain")
	public static class Plain {
		@Id
		@GeneratedValue
		public Long id;

		public String name;
	}

	private BootBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		if ( args.length > 0 && args[0].equals( "child" ) ) {
			child();
			return;
		}
		final int rounds = args.length > 0 ? Integer.parseInt( args[0] ) : 9;
		final String withJar = System.getProperty( "java.class.path" );
		final String withoutJar = Arrays.stream( withJar.split( File.pathSeparator ) )
				.filter( entry -> !Path.of( entry ).getFileName().toString().startsWith( "hibernate-attachments-core" )
						&& !entry.replace( '\\', '/' ).contains( "hibernate-attachments-core/target/classes" ) )
				.collect( Collectors.joining( File.pathSeparator ) );
		if ( withoutJar.equals( withJar ) ) {
			throw new IllegalStateException( "hibernate-attachments-core is not on the class path: " + withJar );
		}
		System.out.printf( "java %s, %d cores; %d rounds, alternating; one JVM per run, -Xmx512m%n",
				System.getProperty( "java.version" ), Runtime.getRuntime().availableProcessors(), rounds );
		System.out.println( "timed: JVM start -> boot of a unit with one plain entity on H2 -> first transaction committed" );
		run( withJar ); // warm the file system cache for both
		run( withoutJar );
		final List<Long> with = new ArrayList<>();
		final List<Long> without = new ArrayList<>();
		for ( int round = 0; round < rounds; round++ ) {
			if ( round % 2 == 0 ) {
				with.add( run( withJar ) );
				without.add( run( withoutJar ) );
			}
			else {
				without.add( run( withoutJar ) );
				with.add( run( withJar ) );
			}
		}
		final long medianWith = median( with );
		final long medianWithout = median( without );
		System.out.printf( "with the jar    median %5d ms  runs %s%n", medianWith, with );
		System.out.printf( "without the jar median %5d ms  runs %s%n", medianWithout, without );
		System.out.printf( "ratio with/without: %.3f (of medians)   target <= 1.05: %s%n",
				(double) medianWith / medianWithout, medianWith <= 1.05 * medianWithout ? "MET" : "MISSED" );
	}

	private static long run(String classPath) throws Exception {
		final Process process = new ProcessBuilder( Path.of( System.getProperty( "java.home" ), "bin", "java" ).toString(),
				"-Xmx512m", "-cp", classPath, BootBenchmark.class.getName(), "child" )
				.redirectErrorStream( true ).start();
		final String output = new String( process.getInputStream().readAllBytes() );
		if ( process.waitFor() != 0 ) {
			throw new IllegalStateException( "child run failed:\n" + output );
		}
		final String last = output.lines().filter( l -> l.startsWith( "elapsed " ) ).reduce( ( a, b ) -> b )
				.orElseThrow( () -> new IllegalStateException( "no timing in:\n" + output ) );
		return Long.parseLong( last.substring( "elapsed ".length() ) );
	}

	private static void child() {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "boot" )
				.jdbcUrl( "jdbc:h2:mem:boot;DB_CLOSE_DELAY=-1" )
				.jdbcCredentials( "sa", "" )
				.property( "jakarta.persistence.schema-generation.database.action", "create" )
				.managedClass( Plain.class );
		try ( EntityManagerFactory emf = configuration.createEntityManagerFactory() ) {
			emf.runInTransaction( em -> {
				final Plain plain = new Plain();
				plain.name = "first";
				em.persist( plain );
			} );
		}
		final long elapsed = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		System.out.println( "elapsed " + elapsed );
	}

	private static long median(List<Long> values) {
		final List<Long> sorted = values.stream().sorted().toList();
		return sorted.get( sorted.size() / 2 );
	}
}
