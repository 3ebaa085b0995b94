package io.github.hibernateattachments.example;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.Attachments;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;

/**
 * The demo: a plain JPA application (H2 file database, the built-in disk storage) that attaches, replaces,
 * removes and reads files, and shows for each step the SQL it ran and the files it created or deleted.
 * The extension is not mentioned in the bootstrap code: its jar is on the class path and its settings are
 * ordinary persistence properties.
 * <p>
 * Argument: the working folder (deleted and recreated at start). Exits with status 1 if the final integrity
 * check fails.
 */
public final class Demo {

	/**
	 * Hibernate (through JBoss Logging) and Tika (through SLF4J) log to java.util.logging: warnings only, and
	 * not the one about Hibernate's built-in connection pool, which the demo uses on purpose. Held in a field
	 * so that the configured loggers are not garbage-collected with their levels.
	 */
	private static final List<Logger> LOGGERS = List.of(
			logger( "org.hibernate", Level.WARNING ),
			logger( "org.hibernate.orm.connections.pooling", Level.SEVERE ),
			logger( "org.apache.tika", Level.WARNING ) );

	private final EntityManagerFactory emf;
	private final Timeline timeline;
	private final Database database;
	private final StorageFolder storage;
	private final Path workFolder;

	private Demo(EntityManagerFactory emf, Timeline timeline, Database database, StorageFolder storage, Path workFolder) {
		this.emf = emf;
		this.timeline = timeline;
		this.database = database;
		this.storage = storage;
		this.workFolder = workFolder;
	}

	public static void main(String[] args) throws IOException {
		final Path workFolder = Path.of( args.length > 0 ? args[0] : "target/demo" ).toAbsolutePath().normalize();
		WorkFolder.recreate( workFolder );
		final Path storageRoot = workFolder.resolve( "files" );
		final Database database = new Database( "jdbc:h2:file:" + workFolder.resolve( "db" ).resolve( "demo" ) );
		final StorageFolder storage = new StorageFolder( storageRoot );
		final Timeline timeline = new Timeline( storage, database::filenames );

		System.out.println( "hibernate-attachments demo" );
		System.out.println( "  working folder: " + WorkFolder.shown( workFolder ) );
		System.out.println( "  database:       " + database.url().replace( workFolder.toString(), "<working folder>" ) );
		System.out.println( "  storage:        disk, root <working folder>/files (files sharded as <k0k1>/<k2k3>/<key>)" );
		System.out.println( "  SQL below: inserts, updates and deletes only, from every session of the factory;"
				+ " attachment_purges is the outbox (upload intents and pending file deletes)" );

		// A plain JPA bootstrap: the extension is found on the class path (META-INF/services) and configured
		// with persistence properties only.
		final PersistenceConfiguration configuration = new PersistenceConfiguration( "demo" )
				.managedClass( User.class )
				.managedClass( Document.class )
				.property( PersistenceConfiguration.JDBC_URL, database.url() )
				.property( PersistenceConfiguration.JDBC_USER, Database.USER )
				.property( PersistenceConfiguration.JDBC_PASSWORD, Database.PASSWORD )
				.property( PersistenceConfiguration.SCHEMAGEN_DATABASE_ACTION, "create" )
				.property( "hibernate.attachments.services.local.type", "disk" )
				.property( "hibernate.attachments.services.local.root", storageRoot.toString() )
				.property( "hibernate.session_factory.statement_inspector", timeline );
		try ( EntityManagerFactory emf = configuration.createEntityManagerFactory() ) {
			new Demo( emf, timeline, database, storage, workFolder ).run();
		}

		System.out.println();
		System.out.println( "Final check (plain JDBC and the storage folder, after closing the EntityManagerFactory)" );
		System.out.println( "------------------------------------------------------------------------------------" );
		final FinalCheck check = new FinalCheck( database, storage );
		final boolean passed = check.run();
		System.out.println();
		System.out.println( ( passed ? "DEMO OK: " : "DEMO FAILED: " ) + "7 steps, " + timeline.totals() + "; "
				+ check.summary() );
		if ( !passed ) {
			System.exit( 1 );
		}
	}

	private void run() throws IOException {
		final long userId = createUser();
		replaceAvatar( userId );
		removePhoto( userId );
		final long documentId = deleteRestrictedDocument();
		rolledBackUpload( userId );
		deleteUser( userId );
		readBack( documentId );
	}

	private long createUser() throws IOException {
		timeline.step( 1, "Create a user with an avatar (from a file) and two photos (from bytes)" );
		final Path avatarFile = Files.createDirectories( workFolder.resolve( "uploads" ) ).resolve( "ada.png" );
		Files.write( avatarFile, SampleContent.png( new Color( 0x3b82f6 ) ) );
		try {
			return inTransaction( em -> {
				final User ada = new User( "ada" );
				ada.setAvatar( Attachment.of( avatarFile ) );
				ada.getPhotos().add( Attachment.of( SampleContent.png( new Color( 0xf59e0b ) ), "beach.png" ) );
				ada.getPhotos().add( Attachment.of( SampleContent.png( new Color( 0x10b981 ) ), "forest.png" ) );
				timeline.marker( "em.persist(ada)  // uploads the three files, each under a fresh random key" );
				em.persist( ada );
				return ada.getId();
			} );
		}
		finally {
			timeline.end();
		}
	}

	private void replaceAvatar(long userId) {
		timeline.step( 2, "Replace the avatar (PURGE: old blob row deleted in the transaction, old file after commit)" );
		try {
			inTransaction( em -> {
				final User ada = em.find( User.class, userId );
				timeline.marker( "ada.setAvatar(Attachment.of(bytes, \"ada-2.png\"))  // uploaded at the next flush" );
				ada.setAvatar( Attachment.of( SampleContent.png( new Color( 0x8b5cf6 ) ), "ada-2.png" ) );
				return null;
			} );
		}
		finally {
			timeline.end();
		}
	}

	private void removePhoto(long userId) {
		timeline.step( 3, "Remove one photo from the list (purged)" );
		try {
			inTransaction( em -> {
				final User ada = em.find( User.class, userId );
				timeline.marker( "ada.getPhotos().remove(0)  // " + ada.getPhotos().get( 0 ).filename() );
				ada.getPhotos().remove( 0 );
				return null;
			} );
		}
		finally {
			timeline.end();
		}
	}

	private long deleteRestrictedDocument() {
		timeline.step( 4, "Try to delete a Document whose file is @PurgePolicy(RESTRICT)" );
		try {
			final long documentId = inTransaction( em -> {
				final Document lease = new Document( "lease",
						Attachment.of( SampleContent.text( "Lease agreement", "Signed by both parties." ), "lease.txt" ) );
				timeline.marker( "em.persist(lease)" );
				em.persist( lease );
				return lease.getId();
			} );
			final String before = snapshot( documentId );
			timeline.note( "state: " + before );
			final EntityManager em = emf.createEntityManager();
			try {
				em.getTransaction().begin();
				final Document lease = em.find( Document.class, documentId );
				timeline.marker( "em.remove(lease)" );
				em.remove( lease );
				timeline.marker( "commit" );
				em.getTransaction().commit();
				timeline.note( "UNEXPECTED: the document was deleted" );
			}
			catch (RuntimeException e) {
				timeline.note( "refused: " + describe( e ) );
				if ( em.getTransaction().isActive() ) {
					timeline.marker( "rollback" );
					em.getTransaction().rollback();
				}
			}
			finally {
				em.close();
			}
			final String after = snapshot( documentId );
			timeline.note( "state: " + after + ( after.equals( before ) ? "  (nothing changed)" : "  (CHANGED!)" ) );
			timeline.note( "and the database refuses too: " + deleteBlobRowDirectly( documentId ) );
			return documentId;
		}
		finally {
			timeline.end();
		}
	}

	private void rolledBackUpload(long userId) {
		timeline.step( 5, "A rolled-back upload" );
		try {
			final EntityManager em = emf.createEntityManager();
			try {
				timeline.marker( "begin" );
				em.getTransaction().begin();
				final User ada = em.find( User.class, userId );
				timeline.marker( "ada.getPhotos().add(Attachment.of(bytes, \"sunset.png\"))" );
				ada.getPhotos().add( Attachment.of( SampleContent.png( new Color( 0xef4444 ) ), "sunset.png" ) );
				timeline.marker( "em.flush()" );
				em.flush();
				final Object inTransaction = em.createNativeQuery(
						"select count(*) from attachment_blobs where filename = 'sunset.png'" ).getSingleResult();
				timeline.note( "during the transaction: " + storage.files().size() + " files in storage; blob rows named"
						+ " sunset.png: " + inTransaction + " seen by this transaction, "
						+ database.count( "select count(*) from attachment_blobs where filename = 'sunset.png'" )
						+ " by other connections" );
				timeline.marker( "rollback" );
				em.getTransaction().rollback();
			}
			finally {
				em.close();
			}
			timeline.note( "after rollback: " + storage.files().size() + " files in storage; blob rows named"
					+ " sunset.png: " + database.count( "select count(*) from attachment_blobs where filename = 'sunset.png'" )
					+ "; photos of ada: " + database.count( "select count(*) from User_photos" )
					+ "; outbox rows: " + database.count( "select count(*) from attachment_purges" ) );
		}
		finally {
			timeline.end();
		}
	}

	private void deleteUser(long userId) {
		timeline.step( 6, "Delete the user (its remaining blobs purged, files removed after commit)" );
		try {
			inTransaction( em -> {
				final User ada = em.find( User.class, userId );
				timeline.marker( "em.remove(ada)" );
				em.remove( ada );
				return null;
			} );
		}
		finally {
			timeline.end();
		}
	}

	private void readBack(long documentId) throws IOException {
		timeline.step( 7, "Read a file back with Attachments.of(emf).openStream(...)" );
		try {
			final Attachments attachments = Attachments.of( emf );
			final EntityManager em = emf.createEntityManager();
			try {
				em.getTransaction().begin();
				final Attachment file = em.find( Document.class, documentId ).getFile();
				timeline.note( "blob row (as stored):  filename=" + file.filename() + ", content type=" + file.contentType()
						+ ", " + file.byteSize() + " bytes, sha256=" + file.checksum() );
				final byte[] content;
				try ( InputStream in = attachments.openStream( file ) ) {
					content = in.readAllBytes();
				}
				final String checksum = SampleContent.sha256( content );
				timeline.note( "stream (as read back): " + content.length + " bytes, sha256=" + checksum
						+ ( checksum.equals( file.checksum() ) && content.length == file.byteSize() ? "  (matches)" : "  (MISMATCH!)" ) );
				timeline.note( "content: " + new String( content, StandardCharsets.UTF_8 ).strip().replace( "\n", " | " ) );
				em.getTransaction().commit();
			}
			finally {
				em.close();
			}
		}
		finally {
			timeline.end();
		}
	}

	/** Runs {@code work}, flushes and commits, with markers for the flush and the commit; rolls back on failure. */
	private <T> T inTransaction(Function<EntityManager, T> work) {
		final EntityManager em = emf.createEntityManager();
		try {
			em.getTransaction().begin();
			final T result = work.apply( em );
			timeline.marker( "em.flush()" );
			em.flush();
			timeline.marker( "commit" );
			em.getTransaction().commit();
			return result;
		}
		catch (RuntimeException e) {
			if ( em.getTransaction().isActive() ) {
				timeline.marker( "rollback" );
				em.getTransaction().rollback();
			}
			throw e;
		}
		finally {
			em.close();
		}
	}

	private String snapshot(long documentId) {
		return "documents=" + database.count( "select count(*) from documents where id = " + documentId )
				+ ", blob rows=" + database.count( "select count(*) from attachment_blobs" )
				+ ", outbox rows=" + database.count( "select count(*) from attachment_purges" )
				+ ", files=" + storage.files().size();
	}

	private String deleteBlobRowDirectly(long documentId) {
		final String sql = "delete from attachment_blobs where id = (select file_blob_id from documents where id = "
				+ documentId + ")";
		try ( Connection c = database.open(); Statement s = c.createStatement() ) {
			s.executeUpdate( sql );
			return "UNEXPECTED: the blob row was deleted";
		}
		catch (SQLException e) {
			return "JDBC '" + sql + "' -> SQLState " + e.getSQLState() + " (" + firstLine( e.getMessage() ) + ")";
		}
	}

	/** The extension's message if there is one in the chain, else the outermost exception. */
	private static String describe(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof AttachmentException ) {
				return t.getClass().getSimpleName() + ": " + t.getMessage();
			}
		}
		return e.getClass().getName() + ": " + e.getMessage();
	}

	private static String firstLine(String message) {
		final int end = message.indexOf( '\n' );
		final String line = end < 0 ? message : message.substring( 0, end );
		final int sql = line.indexOf( "; SQL statement" );
		return sql < 0 ? line : line.substring( 0, sql );
	}

	private static Logger logger(String name, Level level) {
		final Logger logger = Logger.getLogger( name );
		logger.setLevel( level );
		return logger;
	}
}
