package io.github.hibernateattachments.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL for the Spring Boot tests: one embedded server per JVM, started on first use, and a new
 * database for each application context that asks.
 */
final class EmbeddedPostgresDatabase {

	private static final AtomicInteger DATABASES = new AtomicInteger();
	private static EmbeddedPostgres server;

	private EmbeddedPostgresDatabase() {
	}

	/** Points {@code spring.datasource.*} at a new, empty database. */
	static void register(DynamicPropertyRegistry registry) {
		final String url = create();
		registry.add( "spring.datasource.url", () -> url );
		registry.add( "spring.datasource.username", () -> "postgres" );
		registry.add( "spring.datasource.password", () -> "postgres" );
	}

	/** @return the JDBC URL of a new, empty database (user and password {@code postgres}) */
	static String create() {
		final String name = "spring" + DATABASES.incrementAndGet();
		try ( Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement() ) {
			s.execute( "create database " + name );
		}
		catch (SQLException e) {
			throw new IllegalStateException( "Unable to create the PostgreSQL database " + name, e );
		}
		return server().getJdbcUrl( "postgres", name );
	}

	private static synchronized EmbeddedPostgres server() {
		if ( server == null ) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException e) {
				throw new UncheckedIOException( "Unable to start the embedded PostgreSQL", e );
			}
			Runtime.getRuntime().addShutdownHook( new Thread( () -> {
				try {
					server.close();
				}
				catch (IOException ignored) {
					// the JVM is going away
				}
			} ) );
		}
		return server;
	}
}
