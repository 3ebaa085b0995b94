package io.github.hibernateattachments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.hibernateattachments.cli.CliFixture.Run;

import org.junit.jupiter.api.Test;

import static io.github.hibernateattachments.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line, run in this JVM against an H2 database in a file: help, version, usage errors and their exit
 * statuses, the password from the environment, connection failures, JSON, progress and logging.
 */
class CommandLineTest {

	@Test
	void help_lists_the_commands_and_the_exit_statuses() {
		final Run help = run( "--help" );

		assertThat( help.status() ).isZero();
		assertThat( help.out() ).contains( "Usage: hibernate-attachments [-hV] <command>" )
				.contains( "sweep", "reconcile", "outbox", "copy", "move", "doctor" )
				.contains( "3  cannot connect to the database" );
		assertThat( help.err() ).isEmpty();
	}

	@Test
	void each_command_has_its_help() {
		final Run help = run( "doctor", "--help" );

		assertThat( help.status() ).isZero();
		assertThat( help.out() ).startsWith( "Usage: hibernate-attachments doctor" )
				.contains( "--entities=<jar|folder>", "--migration-dir=<folder>", "--fail-on=<severity>", "--password-env=<variable>" )
				.doesNotContain( "--dry-run" );
		assertThat( run( "help", "sweep" ).out() ).startsWith( "Usage: hibernate-attachments sweep" ).contains( "--dry-run" );
	}

	@Test
	void version_names_the_jar_hibernate_and_java() {
		final Run version = run( "--version" );

		assertThat( version.status() ).isZero();
		assertThat( version.out() ).startsWith( "hibernate-attachments-cli 0." ).contains( "Hibernate ORM 7." ).contains( "Java " );
	}

	@Test
	void bad_usage_exits_with_2_and_says_what_is_wrong() {
		final Run none = run();
		assertThat( none.status() ).isEqualTo( ExitCode.USAGE );
		assertThat( none.err() ).contains( "give a command: sweep, reconcile, outbox, copy, move or doctor" ).contains( "Usage:" );

		final Run unknown = run( "swep" );
		assertThat( unknown.status() ).isEqualTo( ExitCode.USAGE );
		assertThat( unknown.err() ).contains( "Unmatched argument at index 0: 'swep'" ).contains( "Did you mean: hibernate-attachments sweep?" );

		final Run otherCommandsOption = run( "sweep", "--url=jdbc:h2:mem:x", "--entities=app.jar" );
		assertThat( otherCommandsOption.status() ).isEqualTo( ExitCode.USAGE );
		assertThat( otherCommandsOption.err() ).contains( "Unknown option: '--entities=app.jar'" );

		final Run missingValue = run( "copy", "--url=jdbc:h2:mem:x", "--from=a" );
		assertThat( missingValue.status() ).isEqualTo( ExitCode.USAGE );
		assertThat( missingValue.err() ).contains( "Missing required option: '--to=<service>'" );

		final Run badDuration = run( "sweep", "--url=jdbc:h2:mem:x", "--disk-root=/tmp", "--grace=soon" );
		assertThat( badDuration.status() ).isEqualTo( ExitCode.USAGE );
		assertThat( badDuration.err() ).contains( "'soon' is not a duration" );
	}

	@Test
	void a_missing_url_or_storage_or_an_unknown_driver_is_bad_usage() throws Exception {
		assertThat( run( "sweep", "--disk-root=/tmp" ) ).satisfies( r -> {
			assertThat( r.status() ).isEqualTo( ExitCode.USAGE );
			assertThat( r.err() ).isEqualTo( "error: give the database: --url <jdbc-url> (or jakarta.persistence.jdbc.url in --config)\n" );
		} );
		assertThat( run( "sweep", "--url=jdbc:h2:mem:x" ) ).satisfies( r -> {
			assertThat( r.status() ).isEqualTo( ExitCode.USAGE );
			assertThat( r.err() ).startsWith( "error: give the storage: --disk-root <folder>, --storage <type>, or --config <file>" );
		} );
		assertThat( run( "outbox", "--url=jdbc:oracle:thin:@db:1521/x", "--disk-root=/tmp" ) ).satisfies( r -> {
			assertThat( r.status() ).isEqualTo( ExitCode.USAGE );
			assertThat( r.err() ).startsWith( "error: no JDBC driver here accepts 'jdbc:oracle:thin:@db:1521/x'" );
		} );
		assertThat( run( "outbox", "--url=jdbc:h2:mem:x", "--config=/no/such/file.properties" ) ).satisfies( r -> {
			assertThat( r.status() ).isEqualTo( ExitCode.USAGE );
			assertThat( r.err() ).startsWith( "error: cannot read --config /no/such/file.properties" );
		} );
	}

	@Test
	void a_database_that_cannot_be_reached_exits_with_3() {
		final Run refused = run( "outbox", "--url=jdbc:postgresql://127.0.0.1:9/app", "--disk-root=/tmp" );

		assertThat( refused.status() ).isEqualTo( ExitCode.CANNOT_CONNECT );
		assertThat( refused.err() ).startsWith( "error: cannot connect to jdbc:postgresql://127.0.0.1:9/app: " );
		assertThat( refused.out() ).isEmpty();
	}

	@Test
	void a_failure_while_running_exits_with_4() throws Exception {
		final CliFixture empty = new CliFixture(); // a database without the library's tables

		final Run outbox = run( empty.args( "outbox", "--disk-root=" + empty.storage ) );

		assertThat( outbox.status() ).isEqualTo( ExitCode.FAILED );
		// Hibernate's WARN lines about the SQL error come first, each on its own line
		assertThat( outbox.err() ).contains( "\nfailed: " ).containsIgnoringCase( "attachment_purges\" not found" );
		assertThat( outbox.out() ).isEmpty();
	}

	@Test
	void the_password_comes_from_the_environment_never_from_the_command_line() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 1 );

		final Run withEnvironment = run( fixture.args( "outbox", "--disk-root=" + fixture.storage ),
				Map.of( CommonOptions.PASSWORD_ENV, CliFixture.PASSWORD ), false );
		assertThat( withEnvironment.status() ).as( withEnvironment.err() ).isZero();

		final Run otherVariable = run( fixture.args( "outbox", "--disk-root=" + fixture.storage, "--password-env=APP_DB_SECRET" ),
				Map.of( "APP_DB_SECRET", CliFixture.PASSWORD ), false );
		assertThat( otherVariable.status() ).as( otherVariable.err() ).isZero();

		final Run wrong = run( fixture.args( "outbox", "--disk-root=" + fixture.storage ), Map.of(), false );
		assertThat( wrong.status() ).isEqualTo( ExitCode.CANNOT_CONNECT );
		assertThat( wrong.err() ).contains( "as sa: Wrong user name or password" );

		final Run onTheLine = run( fixture.args( "outbox", "--disk-root=" + fixture.storage, "--password=" + CliFixture.PASSWORD ),
				Map.of(), false );
		assertThat( onTheLine.status() ).as( "--password takes no value: it asks" ).isEqualTo( ExitCode.USAGE );

		final Run ask = run( fixture.args( "outbox", "--disk-root=" + fixture.storage, "--password" ), Map.of(), false );
		assertThat( ask.status() ).isEqualTo( ExitCode.USAGE );
		assertThat( ask.err() ).contains( "--password asks on the terminal, and there is none: put the password in the environment variable ATTACHMENTS_DB_PASSWORD instead" );
	}

	@Test
	void the_password_and_the_storage_can_come_from_a_properties_file() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 2 );
		final Path config = fixture.folder.resolve( "attachments.properties" );
		Files.writeString( config, "jakarta.persistence.jdbc.url=" + fixture.url + "\njakarta.persistence.jdbc.user=sa\n"
				+ "jakarta.persistence.jdbc.password=" + CliFixture.PASSWORD + "\nhibernate.attachments.services.local.type=disk\n"
				+ "hibernate.attachments.services.local.root=" + fixture.storage + "\nhibernate.attachments.service=local\n" );

		final Run reconcile = run( List.of( "reconcile", "--config=" + config ), Map.of(), false );

		assertThat( reconcile.status() ).as( reconcile.err() ).isZero();
		assertThat( reconcile.out() ).contains( "files scanned: 2" ).contains( "storage and database agree" );
	}

	@Test
	void the_applications_settings_never_make_the_command_change_the_schema() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 2 );
		final Path config = fixture.folder.resolve( "app.properties" );
		Files.writeString( config, "jakarta.persistence.schema-generation.database.action=drop-and-create\n"
				+ "hibernate.hbm2ddl.auto=create-drop\nhibernate.attachments.doctor=fail\n" );
		fixture.execute( "create table loans (id bigint primary key, book_id bigint references books (id))" );

		final Run doctor = run( fixture.args( "doctor", "--config=" + config ) );

		assertThat( doctor.status() ).as( doctor.err() ).isEqualTo( ExitCode.FINDINGS );
		assertThat( doctor.out() ).contains( "NO_EXPLICIT_ON_DELETE  LOANS(BOOK_ID)" );
		assertThat( fixture.count( "shelves" ) ).isEqualTo( 2 );
		assertThat( fixture.count( "loans" ) ).isZero();
	}

	@Test
	void a_password_in_the_url_is_not_repeated_in_messages() {
		final Run refused = run( "outbox", "--url=jdbc:postgresql://127.0.0.1:9/app?user=app&password=hunter2", "--disk-root=/tmp" );

		assertThat( refused.status() ).isEqualTo( ExitCode.CANNOT_CONNECT );
		assertThat( refused.err() ).contains( "password=***" ).doesNotContain( "hunter2" );
	}

	@Test
	void a_bad_migration_version_is_refused_before_anything_runs() {
		final Run doctor = run( "doctor", "--url=jdbc:postgresql://127.0.0.1:9/app", "--migration-version=V1__x" );

		assertThat( doctor.status() ).as( "bad usage, not: cannot connect" ).isEqualTo( ExitCode.USAGE );
		assertThat( doctor.err() ).contains( "not 'V1__x'" );
	}

	@Test
	void json_gives_machines_one_object_on_standard_output() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 3 );
		fixture.execute( "delete from shelves" );

		final Run sweep = run( fixture.args( "sweep", "--disk-root=" + fixture.storage, "--grace=0", "--json" ) );

		assertThat( sweep.status() ).as( sweep.err() ).isZero();
		final JsonObject json = JsonParser.parseString( sweep.out() ).getAsJsonObject();
		assertThat( json.get( "command" ).getAsString() ).isEqualTo( "sweep" );
		assertThat( json.get( "exitCode" ).getAsInt() ).isZero();
		assertThat( json.get( "deleted" ).getAsLong() ).isEqualTo( 3 );
		assertThat( json.get( "filesDeleted" ).getAsLong() ).isEqualTo( 3 );
		assertThat( fixture.count( "attachment_blobs" ) ).isZero();
		try ( var files = Files.list( fixture.storage ) ) {
			assertThat( files.filter( Files::isRegularFile ) ).isEmpty();
		}
	}

	@Test
	void the_doctor_reads_the_entities_of_a_class_folder_and_writes_the_migration() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 1 );
		fixture.execute( "alter table books drop constraint " + fixture.foreignKeyName( "books", "shelf_id" ) );
		fixture.execute( "insert into books (id, title, shelf_id) values (77, 'lost', 404)" );
		final Path migrations = fixture.folder.resolve( "migrations" );
		// the test classes folder: its @Entity classes are the test model's
		final String classes = Path.of( io.github.hibernateattachments.cli.model.Book.class.getProtectionDomain().getCodeSource()
				.getLocation().toURI() ).toString();

		final Run doctor = run( fixture.args( "doctor", "--entities=" + classes, "--migration-dir=" + migrations,
				"--migration-version=42", "--json" ) );

		assertThat( doctor.status() ).as( doctor.err() ).isEqualTo( ExitCode.FINDINGS );
		final JsonObject json = JsonParser.parseString( doctor.out() ).getAsJsonObject();
		assertThat( json.get( "database" ).getAsString() ).isEqualTo( "H2" );
		assertThat( json.get( "errors" ).getAsLong() ).isEqualTo( 2 );
		final JsonArray findings = json.getAsJsonArray( "findings" );
		assertThat( findings ).hasSize( 2 );
		assertThat( findings.get( 0 ).getAsJsonObject().get( "kind" ).getAsString() ).isEqualTo( "MISSING_FOREIGN_KEY" );
		assertThat( findings.get( 0 ).getAsJsonObject().get( "association" ).getAsString() ).isEqualTo( "Book.shelf" );
		assertThat( findings.get( 1 ).getAsJsonObject().get( "kind" ).getAsString() ).isEqualTo( "ORPHAN_ROWS" );
		assertThat( findings.get( 1 ).getAsJsonObject().get( "orphanRows" ).getAsLong() ).isEqualTo( 1 );
		assertThat( migrations.resolve( "V42_1__foreign_keys.sql" ) ).content()
				.contains( "-- update BOOKS set SHELF_ID = null where BOOKS.SHELF_ID is not null and not exists" )
				.contains( "alter table BOOKS add constraint fk_books_shelf_id foreign key (SHELF_ID) references SHELVES (ID) on delete set null;" );

		fixture.execute( "update books set shelf_id = null where id = 77" );
		for ( String statement : Files.readString( migrations.resolve( "V42_1__foreign_keys.sql" ) ).split( "\n" ) ) {
			if ( !statement.isBlank() && !statement.startsWith( "--" ) ) {
				fixture.execute( statement.replaceAll( ";$", "" ) );
			}
		}
		final Run after = run( fixture.args( "doctor", "--entities=" + classes ) );
		assertThat( after.status() ).as( after.out() + after.err() ).isZero();
		assertThat( after.out() ).startsWith( "Schema doctor: no problem found in" );
	}

	@Test
	void without_entities_the_doctor_checks_the_keys_the_database_has() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 1 );
		fixture.execute( "create table loans (id bigint primary key, book_id bigint references books (id))" );

		final Run doctor = run( fixture.args( "doctor" ) );

		assertThat( doctor.status() ).isEqualTo( ExitCode.FINDINGS );
		assertThat( doctor.out() ).contains( "WARNING NO_EXPLICIT_ON_DELETE  LOANS(BOOK_ID) -> BOOKS(ID)" )
				.contains( "0 errors, 1 warning in 6 tables" );
		assertThat( run( fixture.args( "doctor", "--fail-on=error" ) ).status() ).isZero();
	}

	@Test
	void progress_is_shown_on_a_terminal_only_and_on_its_own_line() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 2 );
		final Map<String, String> environment = Map.of( CommonOptions.PASSWORD_ENV, CliFixture.PASSWORD );

		final Run onTerminal = run( fixture.args( "doctor" ), environment, true );
		assertThat( onTerminal.err() ).startsWith( "\r\033[2Kreading the schema...\n" );

		final Run piped = run( fixture.args( "doctor" ), environment, false );
		assertThat( piped.err() ).isEmpty();
	}

	@Test
	void hibernate_is_quiet_unless_verbose() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 1 );

		final Run quiet = run( fixture.args( "outbox", "--disk-root=" + fixture.storage ) );
		assertThat( quiet.err() ).isEmpty();
		assertThat( quiet.out() ).isEqualTo( "outbox: 0 due rows claimed, 0 files deleted, 0 failed (retried later), 0 committed uploads kept\n" );

		final Run verbose = run( fixture.args( "outbox", "--disk-root=" + fixture.storage, "--verbose" ) );
		assertThat( verbose.err() ).contains( "INFO " ).contains( "hibernate-attachments is active" );
		assertThat( verbose.out() ).isEqualTo( quiet.out() );
	}
}
