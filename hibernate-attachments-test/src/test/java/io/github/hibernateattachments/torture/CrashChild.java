package io.github.hibernateattachments.torture;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.spi.ObjectMetadata;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StoredObject;
import io.github.hibernateattachments.storage.DiskStorageService;
import io.github.hibernateattachments.test.Database;
import io.github.hibernateattachments.testing.ForwardingStorageService;

import jakarta.persistence.EntityManagerFactory;

/**
 * The child JVM of the crash tests: does one operation on the database and storage the parent prepared, and
 * halts ({@link Runtime#halt}: no shutdown hook, no finally block, no commit or rollback) at its
 * {@link CrashPoint}. Exits with {@link CrashPoint#HALTED} there, with 0 if the point was never reached.
 * Arguments: point, JDBC URL, user, password, root of service {@code disk}, root of service {@code copy}.
 */
public final class CrashChild {

	private CrashChild() {
	}

	public static void main(String[] args) {
		final CrashPoint point = CrashPoint.valueOf( args[0] );
		final Database.Connection.Target target = new Database.Connection.Target( null, args[1], args[2], args[3] );
		final Map<String, Object> settings = new LinkedHashMap<>( Units.settings( null ) );
		settings.remove( AttachmentsSettings.STORAGE );
		settings.put( AttachmentsSettings.SERVICES + "disk", new Halting( new DiskStorageService( "disk", Path.of( args[4] ) ), point ) );
		settings.put( AttachmentsSettings.SERVICES + "copy", new Halting( new DiskStorageService( "copy", Path.of( args[5] ) ), point ) );
		settings.put( AttachmentsSettings.SERVICE, "disk" );
		settings.put( AttachmentsSettings.UPLOAD_GRACE_PERIOD, "0" );
		settings.put( AttachmentsSettings.SWEEP_BATCH_SIZE, "4" );
		final EntityManagerFactory emf = Units.start( target, settings, false );
		switch ( point ) {
			case AFTER_UPLOAD -> emf.runInTransaction( em -> {
				final Doc doc = new Doc( null );
				doc.file = Attachment.of( "uploaded, never committed".getBytes(), "u.txt" );
				em.persist( doc );
			} );
			case AFTER_COMMIT -> emf.runInTransaction( em -> em.createQuery( "from Doc", Doc.class ).getSingleResult().file =
					Attachment.of( "the new file".getBytes(), "new.txt" ) );
			case MID_BATCH_DELETE -> emf.runInTransaction( em -> em.remove( em.createQuery( "from Doc", Doc.class ).getSingleResult() ) );
			case MID_SWEEP -> Attachments.of( emf ).sweep();
			case MID_COPY -> Attachments.of( emf ).copyBlobs( "disk", "copy" );
		}
		System.exit( 0 );
	}

	/** Halts the JVM at the point. */
	static final class Halting extends ForwardingStorageService {
		private final CrashPoint point;
		private final AtomicInteger deletes = new AtomicInteger();
		private final AtomicInteger stores = new AtomicInteger();

		Halting(DiskStorageService delegate, CrashPoint point) {
			super( delegate );
			this.point = point;
		}

		private static void halt() {
			Runtime.getRuntime().halt( CrashPoint.HALTED );
		}

		@Override
		public StoredObject store(String key, InputStream content) {
			return store( key, content, null );
		}

		@Override
		public StoredObject store(String key, InputStream content, ObjectMetadata metadata) {
			final StoredObject stored = metadata == null ? delegate.store( key, content ) : delegate.store( key, content, metadata );
			if ( point == CrashPoint.AFTER_UPLOAD
					|| point == CrashPoint.MID_COPY && name().equals( "copy" ) && stores.incrementAndGet() == 5 ) {
				halt();
			}
			return stored;
		}

		@Override
		public void delete(String key) {
			final int n = deletes.incrementAndGet();
			if ( point == CrashPoint.AFTER_COMMIT
					|| ( point == CrashPoint.MID_BATCH_DELETE || point == CrashPoint.MID_SWEEP ) && n == 6 ) {
				halt();
			}
			delegate.delete( key );
		}

		@Override
		public Map<String, StorageException> deleteAll(Collection<String> keys) {
			return deleteEach( keys );
		}
	}
}
