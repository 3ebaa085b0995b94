package io.github.hibernateattachments.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.cli.model.Book;
import io.github.hibernateattachments.cli.model.Shelf;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * An H2 database in a file, with a password, its schema made by hbm2ddl from the test model, and a storage folder:
 * what the command line is pointed at.
 */
final class CliFixture {

	static final String PASSWORD = "s3cret";

	final Path folder;
	final String url;
	final Path storage;

	CliFixture() throws IOException {
		folder = Files.createTempDirectory( "cli-test-" );
		url = "jdbc:h2:" + folder.resolve( "db" ).toAbsolutePath();
		storage = Files.createDirectories( folder.resolve( "files" ) );
	}

	/** Creates the schema and stores {@code shelves} shelves with a photo each. */
	CliFixture withShelves(int shelves) {
		try ( EntityManagerFactory emf = new HibernatePersistenceConfiguration( "cli-fixture" )
				.jdbcUrl( url ).jdbcCredentials( "sa", PASSWORD )
				.managedClasses( Shelf.class, Book.class )
				.property( "jakarta.persistence.schema-generation.database.action", "drop-and-create" )
				.property( AttachmentsSettings.STORAGE, "disk" )
				.property( AttachmentsSettings.STORAGE_DISK_ROOT, storage.toString() )
				.createEntityManagerFactory() ) {
			emf.runInTransaction( em -> {
				for ( int i = 0; i < shelves; i++ ) {
					final Shelf shelf = new Shelf();
					shelf.label = "shelf " + i;
					shelf.photo = Attachment.of( ( "photo " + i ).getBytes( StandardCharsets.UTF_8 ), "photo.txt" );
					em.persist( shelf );
				}
			} );
		}
		return this;
	}

	void execute(String sql) throws SQLException {
		try ( Connection connection = DriverManager.getConnection( url, "sa", PASSWORD ); Statement statement = connection.createStatement() ) {
			statement.execute( sql );
		}
	}

	String foreignKeyName(String table, String column) throws SQLException {
		try ( Connection connection = DriverManager.getConnection( url, "sa", PASSWORD );
				var keys = connection.getMetaData().getImportedKeys( null, null, table.toUpperCase( java.util.Locale.ROOT ) ) ) {
			while ( keys.next() ) {
				if ( keys.getString( "FKCOLUMN_NAME" ).equalsIgnoreCase( column ) ) {
					return keys.getString( "FK_NAME" );
				}
			}
		}
		throw new IllegalStateException( "no key on " + table + "." + column );
	}

	long count(String table) throws SQLException {
		try ( Connection connection = DriverManager.getConnection( url, "sa", PASSWORD ); Statement statement = connection.createStatement();
				var rows = statement.executeQuery( "select count(*) from " + table ) ) {
			rows.next();
			return rows.getLong( 1 );
		}
	}

	List<String> args(String command, String... extra) {
		final List<String> args = new ArrayList<>( List.of( command, "--url=" + url, "--user=sa" ) );
		args.addAll( List.of( extra ) );
		return args;
	}

	record Run(int status, String out, String err) {
	}

	/** Runs the command in this JVM, the password in the environment as a user would give it. */
	static Run run(List<String> args, Map<String, String> environment, boolean terminal) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int status = AttachmentsCli.run( args.toArray( String[]::new ), new PrintStream( out, true, StandardCharsets.UTF_8 ),
				new PrintStream( err, true, StandardCharsets.UTF_8 ), environment, terminal );
		return new Run( status, out.toString( StandardCharsets.UTF_8 ), err.toString( StandardCharsets.UTF_8 ) );
	}

	static Run run(List<String> args) {
		return run( args, Map.of( CommonOptions.PASSWORD_ENV, PASSWORD ), false );
	}

	static Run run(String... args) {
		return run( List.of( args ) );
	}
}
