package io.github.hibernateattachments.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The databases every integration test runs on. PostgreSQL is a real server: an external one when
 * {@code ATTACHMENTS_TEST_PG_URL} names it (with {@code ATTACHMENTS_TEST_PG_USER} and
 * {@code ATTACHMENTS_TEST_PG_PASSWORD}), otherwise an embedded one started once per JVM. MariaDB is always an
 * external server ({@link MariaDbServer}); without one its invocations are skipped, or fail in CI. Each test
 * gets a fresh database.
 */
public enum Database {

	H2 {
		@Override
		public Connection.Target create() {
			final String url = "jdbc:h2:mem:test" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
			return new Connection.Target( this, url, "sa", "" );
		}
	},

	POSTGRESQL {
		@Override
		public Connection.Target create() {
			final String name = "test" + COUNTER.incrementAndGet();
			final Connection.Target admin = PostgresServer.admin();
			try ( java.sql.Connection c = admin.open(); Statement s = c.createStatement() ) {
				s.execute( "create database " + name );
			}
			catch (SQLException e) {
				throw new IllegalStateException( "Unable to create PostgreSQL database " + name, e );
			}
			final String url = admin.url().replaceFirst( "/[^/?]*(\\?|$)", "/" + name + "$1" );
			return new Connection.Target( this, url, admin.user(), admin.password() );
		}
	},

	MARIADB {
		@Override
		public Connection.Target create() {
			return MariaDbServer.create( COUNTER.incrementAndGet() );
		}

		@Override
		public Optional<String> unavailable() {
			return MariaDbServer.unavailable();
		}

		@Override
		public void dropCreated() {
			MariaDbServer.dropCreated();
		}
	};

	private static final AtomicInteger COUNTER = new AtomicInteger();

	/** @return a new, empty database */
	public abstract Connection.Target create();

	/** @return why the tests cannot run on this database here, if they cannot: they are then skipped (failed in CI) */
	public Optional<String> unavailable() {
		return Optional.empty();
	}

	/** Drops the databases {@link #create} made, where they would outlive the JVM; called after each test. */
	public void dropCreated() {
	}

	/** Connection details of one test database. */
	public static final class Connection {
		private Connection() {
		}

		public record Target(Database database, String url, String user, String password) {
			public java.sql.Connection open() throws SQLException {
				return DriverManager.getConnection( url, user, password );
			}
		}
	}

	/** The PostgreSQL server shared by all tests of this JVM. */
	static final class PostgresServer {
		private static Connection.Target admin;
		private static EmbeddedPostgres embedded;

		static synchronized Connection.Target admin() {
			if ( admin == null ) {
				final String external = System.getenv( "ATTACHMENTS_TEST_PG_URL" );
				if ( external != null && !external.isBlank() ) {
					admin = new Connection.Target( POSTGRESQL, external,
							System.getenv().getOrDefault( "ATTACHMENTS_TEST_PG_USER", "postgres" ),
							System.getenv().getOrDefault( "ATTACHMENTS_TEST_PG_PASSWORD", "" ) );
				}
				else {
					try {
						embedded = EmbeddedPostgres.builder().start();
					}
					catch (java.io.IOException e) {
						throw new IllegalStateException( "Unable to start the embedded PostgreSQL", e );
					}
					Runtime.getRuntime().addShutdownHook( new Thread( () -> {
						try {
							embedded.close();
						}
						catch (java.io.IOException ignored) {
							// the JVM is going away
						}
					} ) );
					admin = new Connection.Target( POSTGRESQL, embedded.getJdbcUrl( "postgres", "postgres" ), "postgres", "postgres" );
				}
			}
			return admin;
		}
	}
}
