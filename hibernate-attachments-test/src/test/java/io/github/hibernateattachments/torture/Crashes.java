package io.github.hibernateattachments.torture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.BlobCopyReport;
import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.OutboxStatus;
import io.github.hibernateattachments.test.Database;

import jakarta.persistence.EntityManagerFactory;

/**
 * Crash points: for each {@link CrashPoint}, the parent prepares the database and storage, a child JVM does one
 * operation and halts at the point, then the parent restarts the application (a new unit on the same database and
 * folders), runs the outbox worker and the sweeper (and the interrupted copy again), and checks that nothing
 * leaked: no file without its row, no row without its file, nothing left to sweep, an empty outbox, and the state
 * the operation should leave (committed or not).
 */
final class Crashes {

	private Crashes() {
	}

	static Outcome run(Database database) {
		final Outcome outcome = new Outcome( "Crash points", database.name() );
		outcome.reproduce = "-Dtorture.parts=crashes -Dtorture.databases=" + database.name().toLowerCase( java.util.Locale.ROOT );
		final long start = System.currentTimeMillis();
		try {
			for ( CrashPoint point : CrashPoint.values() ) {
				crash( database, point, outcome );
				outcome.operations++;
			}
		}
		finally {
			database.dropCreated();
			outcome.millis = System.currentTimeMillis() - start;
		}
		return outcome;
	}

	private static void crash(Database database, CrashPoint point, Outcome outcome) {
		final Path folder;
		try {
			folder = Files.createTempDirectory( "attachments-crash-" );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
		try {
			final Database.Connection.Target target = database == Database.H2
					? new Database.Connection.Target( Database.H2, "jdbc:h2:file:" + folder.resolve( "db" ) + ";WRITE_DELAY=0", "sa", "" )
					: database.create();
			final Path disk = folder.resolve( "disk" );
			final Path copy = folder.resolve( "copy" );
			final EntityManagerFactory setup = Units.start( target, settings( disk, copy ), true );
			try {
				prepare( setup, point );
			}
			finally {
				setup.close();
			}

			final int status = child( point, target, disk, copy );
			if ( status != CrashPoint.HALTED ) {
				outcome.violation( point + ": the child did not halt at its point (exit status " + status + ")" );
				return;
			}
			outcome.crashes++;

			final EntityManagerFactory restarted = Units.start( target, settings( disk, copy ), false );
			try {
				recover( restarted, point, outcome );
			}
			finally {
				restarted.close();
			}
		}
		finally {
			delete( folder );
		}
	}

	private static Map<String, Object> settings(Path disk, Path copy) {
		final Map<String, Object> settings = new LinkedHashMap<>( Units.settings( null ) );
		settings.remove( AttachmentsSettings.STORAGE );
		settings.put( AttachmentsSettings.SERVICES + "disk.type", "disk" );
		settings.put( AttachmentsSettings.SERVICES + "disk.root", disk.toString() );
		settings.put( AttachmentsSettings.SERVICES + "copy.type", "disk" );
		settings.put( AttachmentsSettings.SERVICES + "copy.root", copy.toString() );
		settings.put( AttachmentsSettings.SERVICE, "disk" );
		return settings;
	}

	private static void prepare(EntityManagerFactory emf, CrashPoint point) {
		switch ( point ) {
			case AFTER_UPLOAD -> {
			}
			case AFTER_COMMIT -> emf.runInTransaction( em -> {
				final Doc doc = new Doc( null );
				doc.file = Attachment.of( "the old file".getBytes(), "old.txt" );
				em.persist( doc );
			} );
			case MID_BATCH_DELETE -> emf.runInTransaction( em -> {
				final Doc doc = new Doc( null );
				for ( int i = 0; i < 10; i++ ) {
					doc.pages.add( Attachment.of( ( "page " + i ).getBytes(), "p.txt" ) );
				}
				em.persist( doc );
			} );
			case MID_SWEEP, MID_COPY -> {
				emf.runInTransaction( em -> {
					for ( int i = 0; i < 10; i++ ) {
						final Doc doc = new Doc( null );
						doc.file = Attachment.of( ( "file " + i ).getBytes(), "f.txt" );
						em.persist( doc );
					}
				} );
				if ( point == CrashPoint.MID_SWEEP ) {
					emf.runInTransaction( em -> em.createQuery( "delete from Doc" ).executeUpdate() );
				}
			}
		}
	}

	private static int child(CrashPoint point, Database.Connection.Target target, Path disk, Path copy) {
		final List<String> command = new ArrayList<>( List.of( Path.of( System.getProperty( "java.home" ), "bin", "java" ).toString(),
				"-cp", System.getProperty( "java.class.path" ), CrashChild.class.getName(), point.name(), target.url(),
				target.user(), target.password(), disk.toString(), copy.toString() ) );
		try {
			final Process process = new ProcessBuilder( command ).redirectErrorStream( true )
					.redirectOutput( ProcessBuilder.Redirect.DISCARD ).start();
			if ( !process.waitFor( 2, TimeUnit.MINUTES ) ) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException( e );
		}
	}

	private static void recover(EntityManagerFactory emf, CrashPoint point, Outcome outcome) {
		final Attachments attachments = Attachments.of( emf );
		attachments.processOutbox();
		attachments.sweep();
		attachments.processOutbox();
		long expectedBlobs = 0;
		long expectedFiles = 0;
		switch ( point ) {
			case AFTER_COMMIT -> {
				expectedBlobs = 1;
				expectedFiles = 1;
				final String content = emf.callInTransaction( em -> {
					try ( var in = attachments.openStream( em.createQuery( "from Doc", Doc.class ).getSingleResult().file ) ) {
						return new String( in.readAllBytes() );
					}
					catch (IOException e) {
						throw new UncheckedIOException( e );
					}
				} );
				if ( !content.equals( "the new file" ) ) {
					outcome.violation( point + ": the committed replacement reads '" + content + "'" );
				}
			}
			case MID_COPY -> {
				final BlobCopyReport again = attachments.copyBlobs( "disk", "copy" );
				expectedBlobs = 10;
				expectedFiles = 20;
				if ( again.failed() > 0 ) {
					outcome.violation( point + ": the copy run again failed: " + again );
				}
			}
			default -> {
			}
		}
		final IntegrityReport report = attachments.checkIntegrity( Duration.ZERO );
		final OutboxStatus outbox = attachments.outboxStatus();
		if ( !report.sound() || report.awaitingSweep() > 0 || outbox.rows() > 0 || report.blobRows() != expectedBlobs
				|| report.files() != expectedFiles ) {
			outcome.violation( point + " (" + point.description + "): after the restart, expected " + expectedBlobs
					+ " blob rows and " + expectedFiles + " files, an empty outbox (" + outbox + "):\n" + report.render() );
		}
		final long docs = emf.callInTransaction( em -> em.createQuery( "select count(d) from Doc d", Long.class ).getSingleResult() );
		final long expectedDocs = switch ( point ) {
			case AFTER_COMMIT -> 1;
			case MID_COPY -> 10;
			default -> 0;
		};
		if ( docs != expectedDocs ) {
			outcome.violation( point + ": " + docs + " documents after the restart, " + expectedDocs + " expected" );
		}
		System.out.printf( "  %s: halted %s; after the restart %d blob rows, %d files, %d outbox rows%n", outcome.database,
				point.description, report.blobRows(), report.files(), outbox.rows() );
	}

	private static void delete(Path folder) {
		try ( Stream<Path> paths = Files.walk( folder ) ) {
			paths.sorted( Comparator.reverseOrder() ).forEach( path -> path.toFile().delete() );
		}
		catch (IOException ignored) {
			// a temporary folder
		}
	}
}
