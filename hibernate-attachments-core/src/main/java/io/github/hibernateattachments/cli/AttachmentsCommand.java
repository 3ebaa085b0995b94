package io.github.hibernateattachments.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.ReconcileReport;
import io.github.hibernateattachments.SweepReport;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * The command-line entry point: runs the sweeper, the reconciliation or the outbox worker against a database
 * and a storage, without the application. It needs no entity classes: the blob references come from the
 * database's own foreign keys into {@code attachment_blobs}.
 * <pre>
 * java -cp hibernate-attachments-core.jar:hibernate-core.jar:...:your-jdbc-driver.jar \
 *     io.github.hibernateattachments.cli.AttachmentsCommand sweep --url jdbc:postgresql://db/app \
 *     --user app --password secret --disk-root /var/lib/app/files [--dry-run]
 * </pre>
 * Exit status: 0 when done (and, for {@code reconcile}, consistent), 1 when reconciliation found problems
 * or a storage delete failed, 2 for bad arguments or a failure.
 */
public final class AttachmentsCommand {

	static final String USAGE = """
			usage: AttachmentsCommand <sweep|reconcile|outbox|copy|move> --url <jdbc-url> [--user <user>] [--password <password>]
			                          (--disk-root <folder> | --storage <disk|memory|class name> | --config <file>) [options]
			  --config <file>  persistence-unit properties (hibernate.attachments.services.<name>.* and others)
			  sweep      delete blobs nothing references (older than --grace), then their files
			             --dry-run          only count them
			             --grace <duration> grace period, ISO-8601 (PT1H) or seconds; default PT1H
			  reconcile  compare storage and database both ways; reports only, unless
			             --delete-orphan-files   delete files no blob row describes
			             --verify-checksums      also read every file and compare its SHA-256
			             --grace <duration>      files younger than this are never orphans; default PT1H
			  outbox     run the outbox worker once (failed and abandoned file deletes)
			  copy       copy the files of every blob of one service to another, each verified by its SHA-256
			             --from <service> --to <service>
			  move       copy, then record the blobs with the target service (e.g. a mirror over both)
			             --from <service> --to <service>
			""";

	private final PrintStream out;
	private final PrintStream err;

	AttachmentsCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.exit( new AttachmentsCommand( System.out, System.err ).run( args ) );
	}

	/** @return the exit status */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return new AttachmentsCommand( out, err ).run( args );
	}

	int run(String[] args) {
		final Arguments arguments;
		try {
			arguments = Arguments.parse( args );
		}
		catch (IllegalArgumentException e) {
			err.println( "error: " + e.getMessage() );
			err.print( USAGE );
			return 2;
		}
		try ( EntityManagerFactory emf = boot( arguments ) ) {
			final Attachments attachments = Attachments.of( emf );
			return switch ( arguments.command() ) {
				case "sweep" -> sweep( attachments, arguments.flag( "dry-run" ) );
				case "reconcile" -> reconcile( attachments, arguments.flag( "delete-orphan-files" ),
						arguments.flag( "verify-checksums" ) );
				case "outbox" -> outbox( attachments );
				case "copy", "move" -> copy( attachments, arguments.required( "from" ), arguments.required( "to" ),
						arguments.command().equals( "move" ) );
				default -> throw new IllegalStateException( arguments.command() );
			};
		}
		catch (RuntimeException e) {
			err.println( "failed: " + e.getMessage() );
			return 2;
		}
	}

	private EntityManagerFactory boot(Arguments arguments) {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "attachments-cli" )
				.jdbcUrl( arguments.required( "url" ) )
				.jdbcCredentials( arguments.option( "user", "" ), arguments.option( "password", "" ) )
				.property( "hibernate.connection.pool_size", 4 )
				.property( AttachmentsSettings.DELETE_ORDERING, false );
		if ( arguments.has( "config" ) ) {
			final java.util.Properties properties = new java.util.Properties();
			try ( var in = java.nio.file.Files.newBufferedReader( java.nio.file.Path.of( arguments.required( "config" ) ) ) ) {
				properties.load( in );
			}
			catch (java.io.IOException e) {
				throw new IllegalArgumentException( "cannot read --config " + arguments.required( "config" ) + ": " + e.getMessage(), e );
			}
			properties.forEach( (key, value) -> configuration.property( key.toString(), value ) );
		}
		else if ( arguments.has( "disk-root" ) ) {
			configuration.property( AttachmentsSettings.STORAGE, "disk" );
			configuration.property( AttachmentsSettings.STORAGE_DISK_ROOT, arguments.required( "disk-root" ) );
		}
		else {
			configuration.property( AttachmentsSettings.STORAGE, arguments.required( "storage" ) );
		}
		if ( arguments.has( "grace" ) ) {
			configuration.property( AttachmentsSettings.SWEEP_GRACE_PERIOD, arguments.required( "grace" ) );
		}
		return configuration.createEntityManagerFactory();
	}

	private int sweep(Attachments attachments, boolean dryRun) {
		final long start = System.nanoTime();
		final SweepReport report = attachments.sweep( dryRun, sofar -> err.printf( "\rswept %,d blobs (%,.0f/s), %,d files deleted",
				sofar.deleted(), sofar.deleted() / seconds( start ), sofar.filesDeleted() ) );
		err.println();
		if ( dryRun ) {
			out.printf( "dry run: %,d unreferenced blobs would be deleted%n", report.found() );
		}
		else {
			out.printf( "swept %,d unreferenced blobs in %.1f s: %,d files deleted, %,d left to the outbox worker%n",
					report.deleted(), seconds( start ), report.filesDeleted(), report.filesFailed() );
		}
		report.sampleKeys().forEach( key -> out.println( "  " + key ) );
		if ( report.youngerThanGracePeriod() > 0 ) {
			out.printf( "%,d unreferenced blobs left: younger than the grace period%n", report.youngerThanGracePeriod() );
		}
		return report.filesFailed() == 0 ? 0 : 1;
	}

	private int reconcile(Attachments attachments, boolean deleteOrphans, boolean verifyChecksums) {
		final ReconcileReport report = attachments.reconcile( deleteOrphans, verifyChecksums, line -> err.print( "\r" + line + "   " ) );
		err.println();
		out.printf( "files scanned: %,d; orphan files (no blob row): %,d, deleted: %,d%n", report.filesScanned(),
				report.orphanFiles(), report.orphanFilesDeleted() );
		report.orphanFileSamples().forEach( key -> out.println( "  orphan file " + key ) );
		out.printf( "blob rows checked: %,d; file missing: %,d, wrong size: %,d, wrong checksum: %,d%s%n",
				report.rowsScanned(), report.rowsWithoutFile(), report.rowsWithWrongSize(), report.rowsWithWrongChecksum(),
				verifyChecksums ? "" : " (not verified)" );
		report.problemSamples().forEach( problem -> out.println( "  " + problem ) );
		out.println( report.consistent() ? "storage and database agree" : "storage and database DISAGREE" );
		return report.consistent() ? 0 : 1;
	}

	private int copy(Attachments attachments, String from, String to, boolean move) {
		final long start = System.nanoTime();
		final java.util.function.Consumer<io.github.hibernateattachments.BlobCopyReport> progress = sofar -> err.printf(
				"\r%,d blobs: %,d copied, %,d already there, %,d failed", sofar.blobs(), sofar.copied(), sofar.alreadyPresent(),
				sofar.failed() );
		final io.github.hibernateattachments.BlobCopyReport report = move
				? attachments.moveBlobs( from, to, progress )
				: attachments.copyBlobs( from, to );
		err.println();
		out.printf( "%s %,d blobs from '%s' to '%s' in %.1f s: %,d copied and verified, %,d already there, %,d reassigned,"
						+ " %,d deleted meanwhile, %,d failed%n", move ? "moved" : "copied", report.blobs(), from, to, seconds( start ),
				report.copied(), report.alreadyPresent(), report.reassigned(), report.vanished(), report.failed() );
		report.failureSamples().forEach( failure -> out.println( "  " + failure ) );
		return report.complete() ? 0 : 1;
	}

	private int outbox(Attachments attachments) {
		final OutboxReport report = attachments.processOutbox();
		out.printf( "outbox: %,d due rows claimed, %,d files deleted, %,d failed (retried later), %,d committed uploads kept%n",
				report.claimed(), report.deleted(), report.failed(), report.kept() );
		return report.failed() == 0 ? 0 : 1;
	}

	private static double seconds(long start) {
		return Math.max( 1e-3, ( System.nanoTime() - start ) / 1e9 );
	}

	/** {@code command --name value --flag}. */
	record Arguments(String command, Map<String, String> options) {

		private static final List<String> COMMANDS = List.of( "sweep", "reconcile", "outbox", "copy", "move" );
		private static final List<String> FLAGS = List.of( "dry-run", "delete-orphan-files", "verify-checksums" );
		private static final List<String> OPTIONS = List.of( "url", "user", "password", "disk-root", "storage", "grace", "config",
				"from", "to" );

		static Arguments parse(String[] args) {
			if ( args.length == 0 || !COMMANDS.contains( args[0] ) ) {
				throw new IllegalArgumentException( args.length == 0 ? "no command" : "unknown command '" + args[0] + "'" );
			}
			final Map<String, String> options = new LinkedHashMap<>();
			final List<String> rest = new ArrayList<>( List.of( args ).subList( 1, args.length ) );
			while ( !rest.isEmpty() ) {
				final String arg = rest.remove( 0 );
				final String name = arg.startsWith( "--" ) ? arg.substring( 2 ) : null;
				if ( name != null && FLAGS.contains( name ) ) {
					options.put( name, "true" );
				}
				else if ( name != null && OPTIONS.contains( name ) && !rest.isEmpty() ) {
					options.put( name, rest.remove( 0 ) );
				}
				else {
					throw new IllegalArgumentException( "unexpected argument '" + arg + "'" );
				}
			}
			final Arguments arguments = new Arguments( args[0], options );
			arguments.required( "url" );
			if ( !arguments.has( "disk-root" ) && !arguments.has( "storage" ) && !arguments.has( "config" ) ) {
				throw new IllegalArgumentException( "give the storage: --disk-root <folder> or --storage <name>, or --config <file>" );
			}
			return arguments;
		}

		boolean has(String name) {
			return options.containsKey( name );
		}

		boolean flag(String name) {
			return options.containsKey( name );
		}

		String option(String name, String defaultValue) {
			return options.getOrDefault( name, defaultValue );
		}

		String required(String name) {
			final String value = options.get( name );
			if ( value == null || value.isBlank() ) {
				throw new IllegalArgumentException( "missing --" + name );
			}
			return value;
		}
	}
}
