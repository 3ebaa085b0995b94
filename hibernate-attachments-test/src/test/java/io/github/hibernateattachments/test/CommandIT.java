package io.github.hibernateattachments.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.cli.AttachmentsCli;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's file commands, run against each test database and the fixture's storage folder, with no
 * entity class of the application: the blob references come from the database's foreign keys. (Usage, exit
 * statuses and the runnable jar are tested in the command line's own module.)
 */
class CommandIT {

	private record Run(int status, String out, String err) {
	}

	/** Runs the command in this JVM as on a terminal (progress shown), the password in the environment. */
	private static Run run(String password, String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int status = AttachmentsCli.run( args, new PrintStream( out, true, StandardCharsets.UTF_8 ),
				new PrintStream( err, true, StandardCharsets.UTF_8 ), java.util.Map.of( "ATTACHMENTS_DB_PASSWORD", password ), true );
		return new Run( status, out.toString( StandardCharsets.UTF_8 ), err.toString( StandardCharsets.UTF_8 ) );
	}

	private static Run run(Fixture fixture, String command, String... extra) {
		final List<String> args = new ArrayList<>( List.of( command, "--url", fixture.jdbc().get( 0 ), "--user",
				fixture.jdbc().get( 1 ), "--disk-root", fixture.storageRoot().toString() ) );
		if ( !command.equals( "outbox" ) ) {
			args.addAll( List.of( "--grace", "0" ) );
		}
		args.addAll( List.of( extra ) );
		return run( fixture.jdbc().get( 2 ), args.toArray( String[]::new ) );
	}

	private static void owners(Fixture fixture, String name, int count) {
		fixture.inTransaction( em -> {
			for ( int i = 0; i < count; i++ ) {
				final Owner owner = new Owner( name );
				owner.avatar = Attachment.of( ( name + i ).getBytes(), "a.txt" );
				owner.photos.add( Attachment.of( ( name + "p" + i ).getBytes(), "p.txt" ) );
				em.persist( owner );
			}
		} );
	}

	@DatabaseTest
	void sweep_from_the_command_line_deletes_only_unreferenced_blobs(Fixture fixture) throws Exception {
		owners( fixture, "spam", 10 );
		owners( fixture, "keeper", 3 );
		fixture.execute( "delete from owners where name = 'spam'" );

		final Run dryRun = run( fixture, "sweep", "--dry-run" );
		assertThat( dryRun.status() ).isZero();
		assertThat( dryRun.out() ).contains( "dry run: 20 unreferenced blobs would be deleted" );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 26 );

		final Run sweep = run( fixture, "sweep" );
		assertThat( sweep.status() ).as( sweep.err() ).isZero();
		assertThat( sweep.out() ).contains( "swept 20 unreferenced blobs" ).contains( "20 files deleted" );
		assertThat( sweep.err() ).as( "progress display" ).contains( "swept 20 blobs" );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 6 );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() );
	}

	@DatabaseTest
	void reconcile_from_the_command_line_reports_then_deletes_orphan_files(Fixture fixture) throws Exception {
		owners( fixture, "o", 2 );
		fixture.storage().store( "orphanorphanorphanorphanorphan22", new java.io.ByteArrayInputStream( "x".getBytes() ) );

		final Run report = run( fixture, "reconcile" );
		assertThat( report.status() ).isEqualTo( 1 );
		assertThat( report.out() ).contains( "orphan files (no blob row): 1, deleted: 0" )
				.contains( "orphan file orphanorphanorphanorphanorphan22" ).contains( "DISAGREE" );

		final Run cleanup = run( fixture, "reconcile", "--delete-orphan-files", "--verify-checksums" );
		assertThat( cleanup.out() ).contains( "deleted: 1" );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() );
		assertThat( run( fixture, "reconcile" ).out() ).contains( "storage and database agree" );
		assertThat( run( fixture, "outbox" ).out() ).contains( "outbox: 0 due rows claimed" );
	}

	@IntegrityNotChecked("the blobs move to a service only the command's properties file configures")
	@DatabaseTest
	void blobs_are_copied_then_moved_to_another_service_configured_in_a_properties_file(Fixture fixture) throws Exception {
		owners( fixture, "ada", 3 );
		final java.nio.file.Path archive = fixture.otherRoots().resolve( "archive" );
		final java.nio.file.Path config = fixture.otherRoots().resolve( "attachments.properties" );
		java.nio.file.Files.writeString( config, String.join( "\n",
				"hibernate.attachments.services.disk.type=disk",
				"hibernate.attachments.services.disk.root=" + fixture.storageRoot().toString().replace( "\\", "/" ),
				"hibernate.attachments.services.archive.type=disk",
				"hibernate.attachments.services.archive.root=" + archive.toString().replace( "\\", "/" ),
				"hibernate.attachments.service=disk" ) );
		final List<String> connection = List.of( "--url", fixture.jdbc().get( 0 ), "--user", fixture.jdbc().get( 1 ),
				"--config", config.toString() );
		final String password = fixture.jdbc().get( 2 );

		final List<String> copy = new ArrayList<>( List.of( "copy", "--from", "disk", "--to", "archive" ) );
		copy.addAll( connection );
		final Run copied = run( password, copy.toArray( String[]::new ) );
		assertThat( copied.status() ).as( copied.err() ).isZero();
		assertThat( copied.out() ).startsWith( "copied 6 blobs from 'disk' to 'archive' in " )
				.contains( ": 6 copied and verified, 0 already there, 0 reassigned, 0 deleted meanwhile, 0 failed" );
		try ( var files = java.nio.file.Files.walk( archive ) ) {
			assertThat( files.filter( java.nio.file.Files::isRegularFile ).map( f -> f.getFileName().toString() ) )
					.containsExactlyInAnyOrderElementsOf( fixture.blobKeys() );
		}

		final List<String> move = new ArrayList<>( List.of( "move", "--from", "disk", "--to", "archive" ) );
		move.addAll( connection );
		final Run moved = run( password, move.toArray( String[]::new ) );
		assertThat( moved.out() ).contains( ": 0 copied and verified, 6 already there, 6 reassigned, 0 deleted meanwhile, 0 failed" );
		assertThat( fixture.queryStrings( "select distinct service_name from attachment_blobs" ) ).containsExactly( "archive" );

		final List<String> missing = new ArrayList<>( List.of( "copy", "--from", "disk" ) );
		missing.addAll( connection );
		assertThat( run( password, missing.toArray( String[]::new ) ).err() ).contains( "Missing required option: '--to=<service>'" );
	}
}
