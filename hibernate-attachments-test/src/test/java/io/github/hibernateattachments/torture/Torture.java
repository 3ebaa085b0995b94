package io.github.hibernateattachments.torture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.hibernateattachments.test.Database;

/**
 * The torture suite: measures guarantees 1 to 5 under randomized histories, crashes, concurrency and bad input,
 * and prints the reliability table (saved to {@code target/torture/reliability.md}). Not part of the test run:
 * <pre>
 * ./mvnw -q -B -pl hibernate-attachments-test -Ptorture test-compile exec:exec@torture
 * </pre>
 * System properties (through {@code -D} on that command): {@code torture.parts} (histories, crashes, concurrency,
 * fuzzing; default all), {@code torture.databases} (h2, postgresql, mariadb; each part has its defaults),
 * {@code torture.seed} (default: random, printed), {@code torture.operations} (per history, default 10,000),
 * {@code torture.seconds} (concurrency, default 60), {@code torture.fuzz} (fuzzing attempts, default 2,000).
 * Exits with status 1 if any violation was found.
 */
public final class Torture {

	private Torture() {
	}

	public static void main(String[] args) throws IOException {
		// what the suite finds it prints; the extension's expected warnings (failed deletes it retries) would drown it
		java.util.logging.Logger.getLogger( "" ).setLevel( java.util.logging.Level.SEVERE );
		for ( var handler : java.util.logging.Logger.getLogger( "" ).getHandlers() ) {
			handler.setLevel( java.util.logging.Level.ALL );
		}
		java.util.logging.Logger.getLogger( "io.github.hibernateattachments" ).setLevel(
				java.util.logging.Level.parse( property( "torture.log", "SEVERE" ) ) );
		final Set<String> parts = Set.of( property( "torture.parts", "histories,crashes,concurrency,fuzzing" ).split( "," ) );
		final long seed = Long.parseLong( property( "torture.seed", Long.toString( new java.security.SecureRandom().nextLong() ) ) );
		final int operations = Integer.parseInt( property( "torture.operations", "10000" ) );
		final int seconds = Integer.parseInt( property( "torture.seconds", "60" ) );
		final int fuzz = Integer.parseInt( property( "torture.fuzz", "2000" ) );
		System.out.println( "Torture suite, seed " + seed + ": " + parts );
		final List<Outcome> outcomes = new ArrayList<>();
		final long start = System.currentTimeMillis();
		if ( parts.contains( "histories" ) ) {
			for ( Database database : databases( Database.H2, Database.POSTGRESQL ) ) {
				System.out.println( "Randomized histories on " + database + " (" + operations + " operations)" );
				outcomes.add( Histories.run( database, seed, operations ) );
			}
		}
		if ( parts.contains( "crashes" ) ) {
			for ( Database database : databases( Database.H2, Database.POSTGRESQL ) ) {
				System.out.println( "Crash points on " + database );
				outcomes.add( Crashes.run( database ) );
			}
		}
		if ( parts.contains( "concurrency" ) ) {
			for ( Database database : databases( Database.POSTGRESQL, Database.MARIADB ) ) {
				System.out.println( "Concurrency on " + database + " (" + seconds + " s)" );
				outcomes.add( Concurrency.run( database, seed, Duration.ofSeconds( seconds ) ) );
			}
		}
		if ( parts.contains( "fuzzing" ) ) {
			for ( Database database : databases( Database.H2, Database.POSTGRESQL ) ) {
				System.out.println( "Bad-input fuzzing on " + database + " (" + fuzz + " attachments, " + fuzz + " keys)" );
				outcomes.add( Fuzzing.run( database, seed, fuzz ) );
			}
		}
		final String table = table( outcomes, seed, System.currentTimeMillis() - start );
		System.out.println();
		System.out.println( table );
		final Path report = Path.of( "target", "torture", "reliability.md" );
		Files.createDirectories( report.getParent() );
		Files.writeString( report, table );
		System.out.println( "Saved to " + report.toAbsolutePath() );
		final long violations = outcomes.stream().mapToLong( outcome -> outcome.violations.size() ).sum();
		System.exit( violations == 0 ? 0 : 1 );
	}

	private static String table(List<Outcome> outcomes, long seed, long millis) {
		final StringBuilder table = new StringBuilder();
		table.append( "Run of " ).append( LocalDate.now() ).append( ", seed " ).append( seed ).append( ", Java " )
				.append( Runtime.version().feature() ).append( ", " ).append( Runtime.getRuntime().availableProcessors() )
				.append( " cores, " ).append( millis / 1000 ).append( " s in all.\n\n" );
		table.append( "| Part | Database | Operations | Faults injected | Crashes | Transactions retried | Violations | Time |\n" );
		table.append( "|---|---|---:|---:|---:|---:|---:|---:|\n" );
		for ( Outcome outcome : outcomes ) {
			table.append( outcome.row() ).append( '\n' );
		}
		for ( Outcome outcome : outcomes ) {
			if ( !outcome.violations.isEmpty() ) {
				table.append( "\n" ).append( outcome.part ).append( " on " ).append( outcome.database ).append( ": " )
						.append( outcome.violations.size() ).append( " violations; reproduce with " ).append( outcome.reproduce )
						.append( "\n" );
				outcome.violations.stream().limit( 5 ).forEach( v -> table.append( "- " ).append( v.replace( "\n", "\n  " ) ).append( '\n' ) );
			}
		}
		return table.toString();
	}

	private static List<Database> databases(Database... defaults) {
		final String chosen = System.getProperty( "torture.databases", "" ).trim();
		final List<Database> result = new ArrayList<>();
		for ( Database database : defaults ) {
			if ( !chosen.isEmpty() && !Arrays.asList( chosen.toLowerCase( Locale.ROOT ).split( "," ) )
					.contains( database.name().toLowerCase( Locale.ROOT ) ) ) {
				continue;
			}
			final var unavailable = database.unavailable();
			if ( unavailable.isPresent() ) {
				System.out.println( "Skipping " + database + ": " + unavailable.get() );
				continue;
			}
			result.add( database );
		}
		return result;
	}

	private static String property(String name, String defaultValue) {
		final String value = System.getProperty( name, "" ).trim();
		return value.isEmpty() ? defaultValue : value;
	}
}
