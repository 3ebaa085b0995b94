package io.github.hibernateattachments.torture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.OutboxStatus;
import io.github.hibernateattachments.test.Database;
import io.github.hibernateattachments.testing.TestStorage;

import jakarta.persistence.EntityManagerFactory;

/**
 * Concurrency: 8 writers, 2 sweepers (no grace period) and 2 outbox workers on one database for a bounded time.
 * Writers attach, replace, add pages, remove their documents, bulk-delete them, and share blobs by copying the
 * file of another writer's document into theirs, which races with that writer replacing it and with the
 * sweepers. A transaction the database aborts (deadlock, lock timeout, serialization failure, or a foreign key
 * that now points at a swept blob, or the extension's own error for a blob purged or swept after it was read) is
 * retried; anything else is an error. At the end, after a last sweep and
 * outbox run, the integrity check must be clean, nothing may wait, and every writer's documents must hold
 * exactly what that writer last committed. Meanwhile a thread runs the integrity check every half second, leaving
 * out what is younger than 5 seconds (work in flight): the rest must be sound all along.
 */
final class Concurrency {

	private static final int WRITERS = 8;
	private static final int SWEEPERS = Integer.getInteger( "torture.sweepers", 2 );
	private static final int WORKERS = Integer.getInteger( "torture.workers", 2 );
	private static final int MAX_ATTEMPTS = 20;

	private final EntityManagerFactory emf;
	private final Attachments attachments;
	private final Outcome outcome;
	private final AtomicBoolean stop = new AtomicBoolean();
	private final AtomicLong retried = new AtomicLong();
	private final AtomicLong operations = new AtomicLong();
	private final AtomicLong checksWhileRunning = new AtomicLong();
	/** Sweeps and outbox runs: counted apart from the writers' operations. */
	private final AtomicLong background = new AtomicLong();
	/** doc id -> the content its writer last committed as its file (null: none) */
	private final Map<Long, String> files = new ConcurrentHashMap<>();
	private final Map<Long, Integer> pages = new ConcurrentHashMap<>();
	private final Map<String, AtomicLong> abortCauses = new ConcurrentHashMap<>();

	private Concurrency(EntityManagerFactory emf, Outcome outcome) {
		this.emf = emf;
		this.attachments = Attachments.of( emf );
		this.outcome = outcome;
	}

	static Outcome run(Database database, long seed, Duration duration) {
		final Outcome outcome = new Outcome( "Concurrency (8 writers, 2 sweepers, 2 workers, " + duration.toSeconds() + " s)",
				database.name() );
		outcome.reproduce = "-Dtorture.parts=concurrency -Dtorture.databases=" + database.name().toLowerCase( java.util.Locale.ROOT )
				+ " -Dtorture.seconds=" + duration.toSeconds();
		final long start = System.currentTimeMillis();
		final TestStorage storage = TestStorage.inMemory( "memory" );
		final EntityManagerFactory emf = Units.start( database.create(), Units.settings( storage ), true );
		try {
			new Concurrency( emf, outcome ).run( seed, duration );
		}
		finally {
			emf.close();
			storage.close();
			database.dropCreated();
			outcome.millis = System.currentTimeMillis() - start;
		}
		return outcome;
	}

	private void run(long seed, Duration duration) {
		final ExecutorService threads = Executors.newFixedThreadPool( WRITERS + SWEEPERS + WORKERS + 1 );
		final List<Future<?>> running = new ArrayList<>();
		for ( int i = 0; i < WRITERS; i++ ) {
			final Random random = new Random( seed + i );
			running.add( threads.submit( () -> writer( random ) ) );
		}
		for ( int i = 0; i < SWEEPERS; i++ ) {
			running.add( threads.submit( () -> loop( attachments::sweep ) ) );
		}
		for ( int i = 0; i < WORKERS; i++ ) {
			running.add( threads.submit( () -> loop( attachments::processOutbox ) ) );
		}
		// the integrity check while everything runs: what is younger than a few seconds may be in flight, the
		// rest must already be sound
		running.add( threads.submit( this::checkWhileRunning ) );
		try {
			Thread.sleep( duration.toMillis() );
			stop.set( true );
			for ( Future<?> future : running ) {
				future.get( 5, TimeUnit.MINUTES );
			}
		}
		catch (Exception e) {
			outcome.violation( "a thread failed: " + e );
		}
		finally {
			threads.shutdownNow();
		}
		outcome.operations = operations.get() - background.get();
		outcome.retried = retried.get();
		System.out.printf( "  %s: %d writer operations committed, %d sweeps and outbox runs, %d transactions retried %s;"
				+ " %d integrity checks while running%n", outcome.database, outcome.operations, background.get(), retried.get(),
				abortCauses, checksWhileRunning.get() );
		attachments.sweep();
		attachments.processOutbox();
		final IntegrityReport report = attachments.checkIntegrity( Duration.ZERO );
		final OutboxStatus outbox = attachments.outboxStatus();
		if ( !report.sound() || report.awaitingSweep() > 0 || outbox.rows() > 0 || report.files() != report.blobRows() ) {
			outcome.violation( "at the end: " + outbox + "\n" + report.render() + "\noutbox rows: " + emf.callInTransaction(
					em -> em.createNativeQuery( "select p.reason, p.storage_key, p.due_at, p.attempts, (select count(*) from"
							+ " attachment_blobs b where b.storage_key = p.storage_key) from attachment_purges p" ).getResultList()
							.stream().map( row -> java.util.Arrays.toString( (Object[]) row ) ).toList() ) );
		}
		checkContent();
	}

	private void checkWhileRunning() {
		while ( !stop.get() ) {
			final IntegrityReport report = attachments.checkIntegrity( Duration.ofSeconds( 5 ) );
			checksWhileRunning.incrementAndGet();
			if ( !report.sound() ) {
				outcome.violation( "while running: " + report.render() );
			}
			try {
				Thread.sleep( 500 );
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void loop(Runnable work) {
		while ( !stop.get() ) {
			if ( attempt( () -> {
				work.run();
				return Boolean.TRUE;
			} ) != null ) {
				background.incrementAndGet();
			}
		}
	}

	private void writer(Random random) {
		final List<Long> mine = new ArrayList<>();
		while ( !stop.get() ) {
			final int op = random.nextInt( 10 );
			final Long id = mine.isEmpty() ? null : mine.get( random.nextInt( mine.size() ) );
			final String content = "content " + random.nextLong() + " " + "x".repeat( random.nextInt( 300 ) );
			if ( id == null || op <= 1 ) {
				final Long created = attempt( () -> emf.callInTransaction( em -> {
					final Doc doc = new Doc( null );
					doc.file = Attachment.of( content.getBytes(), "f.txt" );
					em.persist( doc );
					em.flush();
					return doc.id;
				} ) );
				if ( created != null ) {
					mine.add( created );
					files.put( created, content );
					pages.put( created, 0 );
				}
			}
			else if ( op <= 4 ) {
				if ( attempt( () -> emf.callInTransaction( em -> {
					em.find( Doc.class, id ).file = Attachment.of( content.getBytes(), "f.txt" );
					return true;
				} ) ) != null ) {
					files.put( id, content );
				}
			}
			else if ( op == 5 ) {
				if ( attempt( () -> emf.callInTransaction( em -> em.find( Doc.class, id ).pages.add(
						Attachment.of( content.getBytes(), "p.txt" ) ) ) ) != null ) {
					pages.merge( id, 1, Integer::sum );
				}
			}
			else if ( op == 6 || op == 7 ) {
				// share a blob: copy the file of any document (often another writer's) into this one
				final List<Long> all = new ArrayList<>( files.keySet() );
				final Long from = all.get( random.nextInt( all.size() ) );
				final String[] copied = new String[1];
				if ( attempt( () -> emf.callInTransaction( em -> {
					final Doc source = em.find( Doc.class, from );
					if ( source == null || source.file == null ) {
						return false;
					}
					em.find( Doc.class, id ).file = source.file.copy();
					em.flush();
					copied[0] = read( source.file );
					return true;
				} ) ) == Boolean.TRUE ) {
					files.put( id, copied[0] );
				}
			}
			else if ( op == 8 ) {
				if ( attempt( () -> emf.callInTransaction( em -> {
					em.remove( em.find( Doc.class, id ) );
					return true;
				} ) ) != null ) {
					forget( mine, id );
				}
			}
			else {
				if ( attempt( () -> emf.callInTransaction( em -> em.createQuery( "delete from Doc where id = :id" )
						.setParameter( "id", id ).executeUpdate() ) ) != null ) {
					forget( mine, id );
				}
			}
		}
	}

	private void forget(List<Long> mine, Long id) {
		mine.remove( id );
		files.remove( id );
		pages.remove( id );
	}

	private String read(Attachment attachment) {
		try ( InputStream in = attachments.openStream( attachment ) ) {
			return new String( in.readAllBytes() );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	/** Runs {@code work}, retrying what the database aborted; @return its result, or null if it never committed */
	private <T> T attempt(java.util.concurrent.Callable<T> work) {
		for ( int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++ ) {
			try {
				final T result = work.call();
				operations.incrementAndGet();
				return result;
			}
			catch (Exception e) {
				final String cause = abortedBy( e );
				if ( cause == null ) {
					outcome.violation( "unexpected error: " + e + rootCause( e ) );
					return null;
				}
				abortCauses.computeIfAbsent( cause, k -> new AtomicLong() ).incrementAndGet();
				retried.incrementAndGet();
				try {
					Thread.sleep( 1 + (long) ( Math.random() * 20 * attempt ) );
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return null;
				}
			}
		}
		outcome.violation( "a transaction was aborted " + MAX_ATTEMPTS + " times in a row" );
		return null;
	}

	private static String rootCause(Throwable e) {
		Throwable root = e;
		while ( root.getCause() != null ) {
			root = root.getCause();
		}
		return root == e ? "" : " (caused by " + root + ")";
	}

	/** @return what aborted the transaction, if the database did it on purpose, otherwise null */
	private static String abortedBy(Throwable thrown) {
		for ( Throwable t = thrown; t != null; t = t.getCause() ) {
			if ( t instanceof SQLException sql ) {
				final String state = String.valueOf( sql.getSQLState() );
				final int code = sql.getErrorCode();
				if ( state.equals( "40001" ) || state.equals( "40P01" ) || code == 1213 ) {
					return "deadlock or serialization failure";
				}
				if ( state.equals( "55P03" ) || code == 1205 ) {
					return "lock timeout";
				}
				if ( state.equals( "23503" ) || code == 1452 || code == 1451 ) {
					return "foreign key to a blob deleted meanwhile";
				}
			}
			if ( t instanceof jakarta.persistence.OptimisticLockException || t instanceof org.hibernate.StaleStateException ) {
				return "row changed meanwhile";
			}
			if ( t instanceof io.github.hibernateattachments.AttachmentException && String.valueOf( t.getMessage() )
					.contains( "it no longer exists (it was purged or swept after this Attachment was read)" ) ) {
				return "copied blob purged or swept meanwhile (the extension's own error)";
			}
			if ( t instanceof jakarta.persistence.EntityNotFoundException ) {
				return "row deleted meanwhile";
			}
		}
		return null;
	}

	private void checkContent() {
		emf.runInTransaction( em -> {
			for ( Map.Entry<Long, String> entry : files.entrySet() ) {
				final Doc doc = em.find( Doc.class, entry.getKey() );
				if ( doc == null ) {
					outcome.violation( "document #" + entry.getKey() + " was lost" );
					continue;
				}
				final String content = doc.file == null ? null : read( doc.file );
				if ( !java.util.Objects.equals( content, entry.getValue() ) ) {
					outcome.violation( "document #" + doc.id + " holds other content than its writer committed" );
				}
				if ( doc.pages.size() != pages.get( doc.id ) ) {
					outcome.violation( "document #" + doc.id + " has " + doc.pages.size() + " pages, " + pages.get( doc.id )
							+ " committed" );
				}
			}
		} );
	}
}
