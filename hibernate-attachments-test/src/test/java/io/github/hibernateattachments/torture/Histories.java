package io.github.hibernateattachments.torture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.IntegrityReport.Kind;
import io.github.hibernateattachments.OutboxStatus;
import io.github.hibernateattachments.ReconcileReport;
import io.github.hibernateattachments.test.Database;
import io.github.hibernateattachments.testing.TestStorage;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/**
 * Model-based randomized histories: a seeded generator picks operations (attach single and list, replace, detach,
 * remove the owner, bulk JPQL and native deletes, copy to a second owner, rollback, storage faults on store and
 * delete, sweep, outbox run, reconcile, purge of detached files) and applies each to the database and to a model
 * of what every document should hold. After every transaction the integrity check must find no blob row without
 * its file, no damaged file, no reference to a missing blob (guarantees 1 to 3) and no file nothing tracks; every
 * 250 operations and at the end, every document's content must be what the model says; at the end, after a sweep
 * and the outbox worker, nothing may be left to collect (guarantee 4).
 */
final class Histories {

	private static final int CHECK_CONTENT_EVERY = 250;
	private static final int MAX_DOCS = 40;

	private final Random random;
	private final long seed;
	private final Outcome outcome;
	private final EntityManagerFactory emf;
	private final Attachments attachments;
	private final TestStorage storage;
	/** doc id -> what it holds; content strings stand for the files' bytes */
	private final TreeMap<Long, Model> docs = new TreeMap<>();
	private final List<Long> folders = new ArrayList<>();
	private long contentCounter;
	private int operation;
	private String current = "";

	private static final class Model {
		Long folder;
		String file;
		String cover;
		List<String> pages = new ArrayList<>();

		Model copy() {
			final Model copy = new Model();
			copy.folder = folder;
			copy.file = file;
			copy.cover = cover;
			copy.pages = new ArrayList<>( pages );
			return copy;
		}
	}

	private Histories(long seed, Outcome outcome, EntityManagerFactory emf, TestStorage storage) {
		this.seed = seed;
		this.random = new Random( seed );
		this.outcome = outcome;
		this.emf = emf;
		this.attachments = Attachments.of( emf );
		this.storage = storage;
	}

	static Outcome run(Database database, long seed, int operations) {
		final Outcome outcome = new Outcome( "Randomized histories", database.name() );
		outcome.reproduce = "-Dtorture.parts=histories -Dtorture.databases=" + database.name().toLowerCase( java.util.Locale.ROOT )
				+ " -Dtorture.seed=" + seed + " -Dtorture.operations=" + operations
				+ ( Integer.getInteger( "torture.sabotage", -1 ) > 0 ? " -Dtorture.sabotage=" + Integer.getInteger( "torture.sabotage" ) : "" );
		final long start = System.currentTimeMillis();
		final TestStorage storage = TestStorage.inTemporaryFolder( "disk" );
		final EntityManagerFactory emf = Units.start( database.create(), Units.settings( storage ), true );
		try {
			new Histories( seed, outcome, emf, storage ).run( operations );
		}
		finally {
			emf.close();
			storage.close();
			database.dropCreated();
			outcome.millis = System.currentTimeMillis() - start;
		}
		return outcome;
	}

	private void run(int operations) {
		// -Dtorture.sabotage=N deletes a stored file behind the extension's back at operation N: shows that the
		// checks catch a broken guarantee and print a seed that replays it
		final int sabotage = Integer.getInteger( "torture.sabotage", -1 );
		for ( operation = 1; operation <= operations && outcome.violations.isEmpty(); operation++ ) {
			step();
			if ( operation == sabotage && !storage.keys().isEmpty() ) {
				current += ", then a file deleted behind the extension's back";
				storage.delete( storage.keys().iterator().next() );
			}
			outcome.operations++;
			checkIntegrity();
			if ( operation % CHECK_CONTENT_EVERY == 0 ) {
				checkContent();
			}
			if ( operation % 1000 == 0 ) {
				System.out.printf( "  %s: %d operations, %d documents, %d files%n", outcome.database, operation, docs.size(),
						storage.keys().size() );
			}
		}
		if ( !outcome.violations.isEmpty() ) {
			System.out.println( "  The history failed at operation " + ( operation - 1 ) + " (" + current + "), seed " + seed
					+ ": re-run it with " + outcome.reproduce );
			return;
		}
		checkContent();
		settle();
	}

	/** Guarantee 4: after a sweep and the outbox worker, every file belongs to a referenced blob, nothing waits. */
	private void settle() {
		attachments.sweep();
		attachments.processOutbox();
		final IntegrityReport report = attachments.checkIntegrity( Duration.ZERO );
		final OutboxStatus outbox = attachments.outboxStatus();
		if ( !report.sound() || report.awaitingSweep() > 0 || outbox.rows() > 0 || report.files() != report.blobRows() ) {
			outcome.violation( "after the final sweep and outbox run: " + outbox + "\n" + report.render() );
		}
	}

	private void checkIntegrity() {
		final IntegrityReport report = attachments.checkIntegrity( Duration.ZERO );
		final long violations = report.count( Kind.ROW_WITHOUT_FILE ) + report.count( Kind.DAMAGED_FILE )
				+ report.count( Kind.DANGLING_REFERENCE ) + report.count( Kind.FILE_WITHOUT_ROW );
		if ( violations > 0 ) {
			outcome.violation( "after operation " + operation + " (" + current + "):\n" + report.render() );
		}
	}

	private void checkContent() {
		final EntityManager em = emf.createEntityManager();
		try {
			final List<Doc> found = em.createQuery( "from Doc order by id", Doc.class ).getResultList();
			if ( found.size() != docs.size() ) {
				outcome.violation( "operation " + operation + ": " + found.size() + " documents in the database, "
						+ docs.size() + " in the model" );
				return;
			}
			for ( Doc doc : found ) {
				final Model model = docs.get( doc.id );
				if ( model == null ) {
					outcome.violation( "document #" + doc.id + " is in the database, not in the model" );
					continue;
				}
				compare( "file of #" + doc.id, model.file, doc.file );
				compare( "cover of #" + doc.id, model.cover, doc.cover );
				if ( doc.pages.size() != model.pages.size() ) {
					outcome.violation( "document #" + doc.id + " has " + doc.pages.size() + " pages, the model "
							+ model.pages.size() );
					continue;
				}
				for ( int i = 0; i < model.pages.size(); i++ ) {
					compare( "page " + i + " of #" + doc.id, model.pages.get( i ), doc.pages.get( i ) );
				}
			}
		}
		finally {
			em.close();
		}
	}

	private void compare(String what, String expected, Attachment actual) {
		if ( expected == null || actual == null ) {
			if ( expected != null || actual != null ) {
				outcome.violation( what + ": expected " + expected + ", found " + actual );
			}
			return;
		}
		try ( InputStream in = attachments.openStream( actual ) ) {
			final String content = new String( in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8 );
			if ( !content.equals( expected ) ) {
				outcome.violation( what + ": content differs from the model (" + content.length() + " characters, "
						+ expected.length() + " expected)" );
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
		catch (RuntimeException e) {
			outcome.violation( what + ": unreadable: " + e );
		}
	}

	private String newContent() {
		final StringBuilder content = new StringBuilder( "content " ).append( ++contentCounter ).append( ' ' );
		final int size = random.nextInt( 10 ) == 0 ? random.nextInt( 64 * 1024 ) : random.nextInt( 512 );
		for ( int i = 0; i < size; i++ ) {
			content.append( (char) ( 'a' + random.nextInt( 26 ) ) );
		}
		return content.toString();
	}

	private static Attachment attachment(String content) {
		return Attachment.of( content.getBytes( java.nio.charset.StandardCharsets.UTF_8 ), "f.txt" );
	}

	private Long pickDoc() {
		if ( docs.isEmpty() ) {
			return null;
		}
		final List<Long> ids = new ArrayList<>( docs.keySet() );
		return ids.get( random.nextInt( ids.size() ) );
	}

	/** One operation, chosen by weight; fewer creations once there are many documents. */
	private void step() {
		// about 20 documents: enough for copies and cascades to meet, few enough for a check after each operation
		final int creation = docs.size() < 10 ? 30 : docs.size() >= MAX_DOCS ? 2 : 12;
		final int[] weights = { creation, 10, 10, 8, 4, 2, 1, 6, 5, 4, 4, 3, 3, 2, 2 };
		int pick = random.nextInt( java.util.Arrays.stream( weights ).sum() );
		int op = 0;
		while ( pick >= weights[op] ) {
			pick -= weights[op++];
		}
		switch ( op ) {
			case 0 -> attachSingle();
			case 1 -> attachToList();
			case 2 -> replace();
			case 3 -> detach();
			case 4 -> removeOwner();
			case 5 -> bulkJpqlDelete();
			case 6 -> nativeFolderDelete();
			case 7 -> copyToSecondOwner();
			case 8 -> rollback();
			case 9 -> storeFault();
			case 10 -> deleteFault();
			case 11 -> { current = "sweep"; attachments.sweep(); }
			case 12 -> { current = "outbox run"; attachments.processOutbox(); }
			case 13 -> reconcile();
			default -> { current = "purge detached files"; attachments.purgeAllDetached(); }
		}
	}

	private void inTransaction(Consumer<EntityManager> work) {
		emf.runInTransaction( work::accept );
	}

	private void attachSingle() {
		final Long id = random.nextBoolean() ? pickDoc() : null;
		final String content = newContent();
		if ( id == null ) {
			current = "attach a file to a new document";
			final Long folder = folders.isEmpty() || random.nextInt( 3 ) == 0 ? newFolder() : folders.get( random.nextInt( folders.size() ) );
			final Long[] created = new Long[1];
			inTransaction( em -> {
				final Doc doc = new Doc( folder == null ? null : em.find( Folder.class, folder ) );
				doc.file = attachment( content );
				if ( random.nextBoolean() ) {
					doc.cover = attachment( content + " cover" );
				}
				em.persist( doc );
				em.flush();
				created[0] = doc.id;
			} );
			final Model model = new Model();
			model.folder = folder;
			model.file = content;
			final Doc stored = emf.callInTransaction( em -> em.find( Doc.class, created[0] ) );
			model.cover = stored.cover == null ? null : content + " cover";
			docs.put( created[0], model );
		}
		else {
			current = "attach a file to document #" + id;
			inTransaction( em -> em.find( Doc.class, id ).file = attachment( content ) );
			docs.get( id ).file = content;
		}
	}

	private Long newFolder() {
		if ( random.nextBoolean() ) {
			return null;
		}
		final Long id = emf.callInTransaction( em -> {
			final Folder folder = new Folder( "f" );
			em.persist( folder );
			em.flush();
			return folder.id;
		} );
		folders.add( id );
		return id;
	}

	private void attachToList() {
		final Long id = pickDoc();
		if ( id == null ) {
			attachSingle();
			return;
		}
		current = "add a page to document #" + id;
		final String content = newContent();
		inTransaction( em -> em.find( Doc.class, id ).pages.add( attachment( content ) ) );
		docs.get( id ).pages.add( content );
	}

	private void replace() {
		final Long id = pickDoc();
		if ( id == null ) {
			return;
		}
		final Model model = docs.get( id );
		final String content = newContent();
		if ( !model.pages.isEmpty() && random.nextBoolean() ) {
			final int page = random.nextInt( model.pages.size() );
			current = "replace page " + page + " of document #" + id;
			inTransaction( em -> em.find( Doc.class, id ).pages.set( page, attachment( content ) ) );
			model.pages.set( page, content );
		}
		else if ( random.nextBoolean() ) {
			current = "replace the cover of document #" + id;
			inTransaction( em -> em.find( Doc.class, id ).cover = attachment( content ) );
			model.cover = content;
		}
		else {
			current = "replace the file of document #" + id;
			inTransaction( em -> em.find( Doc.class, id ).file = attachment( content ) );
			model.file = content;
		}
	}

	private void detach() {
		final Long id = pickDoc();
		if ( id == null ) {
			return;
		}
		final Model model = docs.get( id );
		switch ( random.nextInt( 3 ) ) {
			case 0 -> {
				current = "detach the cover of document #" + id;
				inTransaction( em -> em.find( Doc.class, id ).cover = null );
				model.cover = null;
			}
			case 1 -> {
				current = "remove the file of document #" + id;
				inTransaction( em -> em.find( Doc.class, id ).file = null );
				model.file = null;
			}
			default -> {
				if ( model.pages.isEmpty() ) {
					return;
				}
				final int page = random.nextInt( model.pages.size() );
				current = "remove page " + page + " of document #" + id;
				inTransaction( em -> em.find( Doc.class, id ).pages.remove( page ) );
				model.pages.remove( page );
			}
		}
	}

	private void removeOwner() {
		final Long id = pickDoc();
		if ( id == null ) {
			return;
		}
		current = "remove document #" + id;
		inTransaction( em -> em.remove( em.find( Doc.class, id ) ) );
		docs.remove( id );
	}

	private void bulkJpqlDelete() {
		final Long id = pickDoc();
		if ( id == null ) {
			return;
		}
		current = "bulk JPQL delete of document #" + id;
		inTransaction( em -> em.createQuery( "delete from Doc where id = :id" ).setParameter( "id", id ).executeUpdate() );
		docs.remove( id );
	}

	private void nativeFolderDelete() {
		if ( folders.isEmpty() ) {
			return;
		}
		final Long folder = folders.remove( random.nextInt( folders.size() ) );
		current = "native delete of folder #" + folder + " (the database cascades to its documents)";
		inTransaction( em -> em.createNativeQuery( "delete from t_folders where id = " + folder ).executeUpdate() );
		docs.values().removeIf( model -> folder.equals( model.folder ) );
	}

	private void copyToSecondOwner() {
		final Long from = pickDoc();
		final Long to = pickDoc();
		if ( from == null || from.equals( to ) || docs.get( from ).file == null ) {
			return;
		}
		current = "copy the file of document #" + from + " to document #" + to;
		final boolean asPage = random.nextBoolean();
		inTransaction( em -> {
			final Attachment file = em.find( Doc.class, from ).file;
			if ( asPage ) {
				em.find( Doc.class, to ).pages.add( file.copy() );
			}
			else {
				em.find( Doc.class, to ).file = file.copy();
			}
		} );
		if ( asPage ) {
			docs.get( to ).pages.add( docs.get( from ).file );
		}
		else {
			docs.get( to ).file = docs.get( from ).file;
		}
	}

	private void rollback() {
		final Long id = pickDoc();
		current = "attach, replace and remove, then roll back";
		final String content = newContent();
		final EntityManager em = emf.createEntityManager();
		try {
			em.getTransaction().begin();
			final Doc doc = new Doc( null );
			doc.file = attachment( content );
			em.persist( doc );
			if ( id != null ) {
				final Doc other = em.find( Doc.class, id );
				other.file = attachment( content + " replaced" );
				if ( random.nextBoolean() ) {
					em.remove( other );
				}
			}
			em.flush();
		}
		finally {
			em.getTransaction().rollback();
			em.close();
		}
	}

	private void storeFault() {
		final Long id = pickDoc();
		if ( id == null ) {
			return;
		}
		current = "a store that fails, for document #" + id;
		outcome.faults++;
		storage.failNextStores( 1 );
		try {
			inTransaction( em -> em.find( Doc.class, id ).file = attachment( newContent() ) );
			outcome.violation( "a failing store let the transaction commit" );
		}
		catch (RuntimeException expected) {
			if ( !chainContains( expected, "Simulated outage" ) ) {
				outcome.violation( "a failing store failed with another error: " + expected );
			}
		}
		finally {
			storage.failNextStores( 0 );
		}
	}

	private void deleteFault() {
		final Long id = pickDoc();
		if ( id == null ) {
			return;
		}
		current = "replace the file of document #" + id + " while deletes fail";
		outcome.faults++;
		storage.failNextDeletes( 1 + random.nextInt( 3 ) );
		final String content = newContent();
		try {
			inTransaction( em -> em.find( Doc.class, id ).file = attachment( content ) );
			docs.get( id ).file = content;
		}
		finally {
			storage.failNextDeletes( 0 );
		}
	}

	private void reconcile() {
		current = "reconcile";
		final ReconcileReport report = attachments.reconcile( false, false );
		if ( !report.consistent() ) {
			outcome.violation( "reconciliation found storage and database disagreeing: " + report );
		}
	}

	private static boolean chainContains(Throwable thrown, String text) {
		for ( Throwable t = thrown; t != null; t = t.getCause() ) {
			if ( String.valueOf( t.getMessage() ).contains( text ) ) {
				return true;
			}
		}
		return false;
	}

	@SuppressWarnings("unused")
	private static Map<String, Object> none() {
		return Map.of();
	}
}
