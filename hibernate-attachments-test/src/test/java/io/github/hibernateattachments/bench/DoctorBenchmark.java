package io.github.hibernateattachments.bench;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.doctor.DoctorReport;
import io.github.hibernateattachments.doctor.SchemaDoctor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * The schema doctor on a large schema: {@code tables} entities (default 200), each with two many-to-one
 * associations (400 foreign keys; lazy: a ring of 200 eager ones overflows Hibernate's loader building), compiled at
 * run time, schema by hbm2ddl, on H2, on an embedded PostgreSQL and, when the environment names one as for the
 * tests, on MariaDB.
 * Timed: the doctor on the clean schema, and after dropping every fourth key and planting orphan rows (so it also
 * counts orphans and writes the migration). Five rounds each; the median is printed.
 * <pre>
 * ./mvnw -B -Pbenchmarks -pl hibernate-attachments-test exec:exec@doctor
 * </pre>
 */
public final class DoctorBenchmark {

	private static final int ROUNDS = 5;

	public static void main(String[] args) throws Exception {
		final int tables = args.length > 0 ? Integer.parseInt( args[0] ) : 200;
		final ClassLoader model = compile( tables );
		final List<Class<?>> entities = new ArrayList<>();
		for ( int i = 0; i < tables; i++ ) {
			entities.add( model.loadClass( "bench.doctor.E" + i ) );
		}
		System.out.printf( "%d entities, %d many-to-one associations; %d cores, java %s%n", tables, 2 * tables,
				Runtime.getRuntime().availableProcessors(), System.getProperty( "java.version" ) );
		run( "H2", "jdbc:h2:mem:doctor;DB_CLOSE_DELAY=-1", "sa", "", entities, model, tables );
		try ( EmbeddedPostgres postgres = EmbeddedPostgres.builder().start() ) {
			run( "PostgreSQL", postgres.getJdbcUrl( "postgres", "postgres" ), "postgres", "postgres", entities, model, tables );
		}
		final String mariadb = System.getenv( "ATTACHMENTS_TEST_MARIADB_URL" );
		if ( mariadb != null && !mariadb.isBlank() ) {
			final String user = System.getenv().getOrDefault( "ATTACHMENTS_TEST_MARIADB_USER", "root" );
			final String password = System.getenv().getOrDefault( "ATTACHMENTS_TEST_MARIADB_PASSWORD", "" );
			try ( Connection connection = DriverManager.getConnection( mariadb, user, password ); Statement statement = connection.createStatement() ) {
				statement.execute( "drop database if exists doctor_bench" );
				statement.execute( "create database doctor_bench" );
			}
			run( "MariaDB", mariadb + "doctor_bench", user, password, entities, model, tables );
		}
		else {
			System.out.println( "MariaDB: skipped (ATTACHMENTS_TEST_MARIADB_URL, _USER, _PASSWORD name a server, as .ci/run sets them)" );
		}
	}

	private static void run(String database, String url, String user, String password, List<Class<?>> entities,
			ClassLoader model, int tables) throws Exception {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "doctor-bench" )
				.jdbcUrl( url ).jdbcCredentials( user, password )
				.property( "jakarta.persistence.schema-generation.database.action", "drop-and-create" )
				.property( "hibernate.classLoaders", List.of( model ) )
				.property( AttachmentsSettings.DOCTOR, "off" );
		entities.forEach( configuration::managedClass );
		try ( EntityManagerFactory emf = configuration.createEntityManagerFactory() ) {
			final DoctorReport clean = time( database + ", clean schema", emf, true );
			System.out.printf( "  %s%n", clean.summary() );
			try ( Connection connection = DriverManager.getConnection( url, user, password ); Statement statement = connection.createStatement() ) {
				int dropped = 0;
				for ( int i = 0; i < tables; i += 4 ) {
					final String table = "e" + i;
					String key = null;
					try ( ResultSet keys = connection.getMetaData().getImportedKeys( connection.getCatalog(), null,
							database.equals( "H2" ) ? table.toUpperCase( Locale.ROOT ) : table ) ) {
						while ( keys.next() ) {
							if ( keys.getString( "FKCOLUMN_NAME" ).equalsIgnoreCase( "a_id" ) ) {
								key = keys.getString( "FK_NAME" );
							}
						}
					}
					statement.execute( "alter table " + table + ( database.equals( "MariaDB" ) ? " drop foreign key " : " drop constraint " ) + key );
					dropped++;
					for ( int row = 0; row < 1000; row++ ) {
						statement.execute( "insert into " + table + " (id, a_id) values (" + ( i * 1_000_000L + row ) + ", "
								+ ( row % 10 == 0 ? 999_999_999L : null ) + ")" );
					}
				}
				System.out.printf( "  dropped %d keys, 1,000 rows in each of those tables (100 of them orphans)%n", dropped );
			}
			final DoctorReport planted = time( database + ", planted schema, orphans counted", emf, true );
			System.out.printf( "  %s; migration: %d files%n", planted.summary(), planted.migration( "1" ).size() );
			time( database + ", planted schema, no orphan count (as at boot)", emf, false );
		}
	}

	private static DoctorReport time(String label, EntityManagerFactory emf, boolean orphans) {
		final long[] millis = new long[ROUNDS];
		DoctorReport report = null;
		for ( int round = 0; round < ROUNDS; round++ ) {
			final long start = System.nanoTime();
			report = SchemaDoctor.of( emf ).countingOrphans( orphans ).examine();
			millis[round] = ( System.nanoTime() - start ) / 1_000_000;
		}
		Arrays.sort( millis );
		System.out.printf( "%-60s median %,6d ms (min %,d, max %,d) over %d rounds%n", label, millis[ROUNDS / 2], millis[0],
				millis[ROUNDS - 1], ROUNDS );
		return report;
	}

	/** Writes and compiles E0..E(n-1): id, a name, and many-to-ones a and b to the next two entities (in a ring). */
	private static ClassLoader compile(int tables) throws IOException {
		final Path sources = Files.createTempDirectory( "doctor-bench-src" );
		final Path classes = Files.createTempDirectory( "doctor-bench-classes" );
		final List<String> files = new ArrayList<>();
		for ( int i = 0; i < tables; i++ ) {
			final Path file = sources.resolve( "E" + i + ".java" );
			Files.writeString( file, """
					package bench.doctor;
					@jakarta.persistence.Entity
					@jakarta.persistence.Table(name = "e%1$d", indexes = { @jakarta.persistence.Index(columnList = "a_id"), @jakarta.persistence.Index(columnList = "b_id") })
					public class E%1$d {
						@jakarta.persistence.Id public Long id;
						public String name;
						@jakarta.persistence.ManyToOne(fetch = jakarta.persistence.FetchType.LAZY) @org.hibernate.annotations.OnDelete(action = org.hibernate.annotations.OnDeleteAction.SET_NULL) public E%2$d a;
						@jakarta.persistence.ManyToOne(fetch = jakarta.persistence.FetchType.LAZY) @org.hibernate.annotations.OnDelete(action = org.hibernate.annotations.OnDeleteAction.CASCADE) public E%3$d b;
					}
					""".formatted( i, ( i + 1 ) % tables, ( i + 2 ) % tables ) );
			files.add( file.toString() );
		}
		final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		final List<String> arguments = new ArrayList<>( List.of( "-d", classes.toString(), "-classpath", System.getProperty( "java.class.path" ),
				"-proc:none", "-nowarn" ) );
		arguments.addAll( files );
		if ( compiler.run( null, null, System.err, arguments.toArray( String[]::new ) ) != 0 ) {
			throw new IllegalStateException( "the generated model does not compile" );
		}
		return new URLClassLoader( new URL[] { classes.toUri().toURL() }, DoctorBenchmark.class.getClassLoader() );
	}
}
