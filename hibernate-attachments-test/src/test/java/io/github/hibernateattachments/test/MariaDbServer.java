package io.github.hibernateattachments.test;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MariaDB server of the tests. Unlike PostgreSQL there is no embedded one: it is named by the JDBC URL
 * {@value #URL} (with {@value #USER} and {@value #PASSWORD}), each read from the system property of that
 * name, else from the environment variable. The {@code mariadb} Maven profile sets them for a local server
 * set up the way {@code .ci/run} sets it up; {@code .ci/run} exports them.
 * <p>
 * Without a URL the MariaDB invocations are skipped, except in CI ({@code CI=true}), where they fail
 * ({@link DatabaseExtension}).
 * <p>
 * The server outlives the tests, so each test database gets a name no other run uses, and is dropped after
 * its test (and, failing that, when the JVM exits).
 */
final class MariaDbServer {

	static final String URL = "ATTACHMENTS_TEST_MARIADB_URL";
	static final String USER = "ATTACHMENTS_TEST_MARIADB_USER";
	static final String PASSWORD = "ATTACHMENTS_TEST_MARIADB_PASSWORD";

	static final String NOT_CONFIGURED = "MariaDB not configured: set " + URL + " (and " + USER + ", " + PASSWORD
			+ ") or run with -Pmariadb (see README)";

	/** jdbc:mariadb://host[:port][,host2...] / database ? options */
	private static final Pattern JDBC_URL = Pattern.compile( "(jdbc:(?:mariadb|mysql):(?:[a-z]+:)?//[^/?]*)(/[^?]*)?(\\?.*)?" );

	/** Distinguishes this run's databases from those of other runs on the same server. */
	private static final String RUN = Long.toString( ThreadLocalRandom.current().nextLong( 36L * 36 * 36 * 36 * 36 * 36 ), 36 );

	private static Database.Connection.Target admin;
	private static final List<String> created = new ArrayList<>();

	private MariaDbServer() {
	}

	/** @return why the MariaDB tests cannot run here, if they cannot */
	static Optional<String> unavailable() {
		return setting( URL ).isPresent() ? Optional.empty() : Optional.of( NOT_CONFIGURED );
	}

	/** @return a new, empty database on the server */
	static Database.Connection.Target create(int number) {
		final Database.Connection.Target admin = admin();
		final String name = "attachments_" + RUN + "_test" + number;
		try ( java.sql.Connection c = admin.open(); Statement s = c.createStatement() ) {
			s.execute( "create database " + name );
		}
		catch (SQLException e) {
			throw new IllegalStateException( "Unable to create MariaDB database " + name + " on " + admin.url()
					+ " as " + admin.user(), e );
		}
		synchronized ( MariaDbServer.class ) {
			created.add( name );
		}
		final Matcher url = JDBC_URL.matcher( admin.url() );
		if ( !url.matches() ) {
			throw new IllegalStateException( "Not a MariaDB JDBC URL: " + admin.url() );
		}
		return new Database.Connection.Target( Database.MARIADB, url.group( 1 ) + "/" + name
				+ ( url.group( 3 ) == null ? "" : url.group( 3 ) ), admin.user(), admin.password() );
	}

	/** Drops the databases {@link #create} created so far. */
	static synchronized void dropCreated() {
		if ( created.isEmpty() ) {
			return;
		}
		try ( java.sql.Connection c = admin().open(); Statement s = c.createStatement() ) {
			while ( !created.isEmpty() ) {
				s.execute( "drop database if exists " + created.get( 0 ) );
				created.remove( 0 );
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException( "Unable to drop the MariaDB test databases " + created, e );
		}
	}

	private static synchronized Database.Connection.Target admin() {
		if ( admin == null ) {
			final String url = setting( URL ).orElseThrow( () -> new IllegalStateException( NOT_CONFIGURED ) );
			admin = new Database.Connection.Target( Database.MARIADB, url, setting( USER ).orElse( "root" ),
					setting( PASSWORD ).orElse( "" ) );
			Runtime.getRuntime().addShutdownHook( new Thread( () -> {
				try {
					dropCreated();
				}
				catch (RuntimeException ignored) {
					// the JVM is going away; the names are unique to this run
				}
			} ) );
		}
		return admin;
	}

	/** @return the system property {@code name}, else the environment variable {@code name}; blank is absent */
	private static Optional<String> setting(String name) {
		String value = System.getProperty( name );
		if ( value == null || value.isBlank() ) {
			value = System.getenv( name );
		}
		return value == null || value.isBlank() ? Optional.empty() : Optional.of( value.trim() );
	}
}
