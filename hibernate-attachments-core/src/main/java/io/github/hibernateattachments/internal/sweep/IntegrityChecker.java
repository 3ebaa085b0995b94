package io.github.hibernateattachments.internal.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.IntegrityReport.Kind;
import io.github.hibernateattachments.internal.SessionJdbc;
import io.github.hibernateattachments.internal.StorageRegistry;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.PurgeRecord;
import io.github.hibernateattachments.internal.outbox.Outbox;
import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The integrity check behind {@link io.github.hibernateattachments.Attachments#checkIntegrity(Duration)}: reads
 * blob rows, the outbox, every column that references blobs (the mapped ones and the database's own foreign keys)
 * and the storage listings, in short transactions of their own.
 * <p>
 * Meant for a quiet moment (a test's end, a maintenance window); while the application works, what changes
 * between two reads is checked again before it is reported: a row whose file is missing is reported only if the
 * row still exists, a file without a row only if the file still exists.
 */
public final class IntegrityChecker {

	private static final int CHUNK = 500;

	private final Outbox outbox;
	private final StorageRegistry storages;
	private final BlobReferences references;
	private final Dialect dialect;
	private final Duration uploadGracePeriod;

	public IntegrityChecker(Outbox outbox, StorageRegistry storages, BlobReferences references, Dialect dialect,
			Duration uploadGracePeriod) {
		this.outbox = outbox;
		this.storages = storages;
		this.references = references;
		this.dialect = dialect;
		this.uploadGracePeriod = uploadGracePeriod;
	}

	public IntegrityReport check(Duration olderThan) {
		final Instant cutoff = outbox.now().minus( olderThan );
		final Found found = new Found();
		final BlobReferences all = outbox.inNewTransaction( session -> {
			final BlobReferences[] result = new BlobReferences[1];
			session.doWork( connection -> result[0] = references.withDatabaseForeignKeys( connection, dialect ) );
			return result[0];
		} );
		final List<String> notListed = new ArrayList<>();
		final long files = filesWithoutRow( cutoff, found, notListed );
		final long rows = rowsWithoutFile( found );
		final long[] outboxRows = outboxRows( cutoff, found );
		danglingReferences( all, found );
		final long awaitingSweep = unreferencedBlobs( all, cutoff );
		return new IntegrityReport( rows, files, outboxRows[0], awaitingSweep, found.counts, found.problems, notListed,
				olderThan );
	}

	private long filesWithoutRow(Instant cutoff, Found found, List<String> notListed) {
		long listed = 0;
		// each backend once (a mirror's primary and mirrors are backends of their own); keys are unique across
		// services, so a file is known if any blob or outbox row has its key
		for ( StorageService storage : storages.backends() ) {
			final Stream<ListedObject> listing;
			try {
				listing = storage.list();
			}
			catch (StorageException e) {
				// a backend that cannot list (a custom one): everything else is still worth checking
				notListed.add( storage.name() + " (" + e.getMessage() + ")" );
				continue;
			}
			try ( Stream<ListedObject> objects = listing ) {
				final Iterator<ListedObject> iterator = objects.iterator();
				final List<ListedObject> chunk = new ArrayList<>( CHUNK );
				while ( iterator.hasNext() ) {
					chunk.add( iterator.next() );
					listed++;
					if ( chunk.size() == CHUNK || !iterator.hasNext() ) {
						unknownIn( storage, chunk, cutoff, found );
						chunk.clear();
					}
				}
			}
		}
		return listed;
	}

	private void unknownIn(StorageService storage, List<ListedObject> chunk, Instant cutoff, Found found) {
		final Set<String> known = known( chunk.stream().map( ListedObject::key ).toList() );
		for ( ListedObject file : chunk ) {
			// a file deleted meanwhile (a purge that completed after the listing) is not a problem
			if ( !known.contains( file.key() ) && !file.lastModified().isAfter( cutoff )
					&& !known( List.of( file.key() ) ).contains( file.key() ) && storage.exists( file.key() ) ) {
				found.add( Kind.FILE_WITHOUT_ROW, "'" + file.key() + "' in " + storage.name() + " (" + file.byteSize()
						+ " bytes, written " + file.lastModified() + ")" );
			}
		}
	}

	private Set<String> known(List<String> keys) {
		return outbox.inNewTransaction( session -> {
			final Set<String> known = new HashSet<>( session.createSelectionQuery( "select b.key from "
					+ BlobRecord.ENTITY_NAME + " b where b.key in (:keys)", String.class ).setParameterList( "keys", keys )
					.getResultList() );
			known.addAll( session.createSelectionQuery( "select p.key from " + PurgeRecord.ENTITY_NAME
					+ " p where p.key in (:keys)", String.class ).setParameterList( "keys", keys ).getResultList() );
			return known;
		} );
	}

	private long rowsWithoutFile(Found found) {
		long lastId = Long.MIN_VALUE;
		long checked = 0;
		while ( true ) {
			final long after = lastId;
			final List<Object[]> rows = outbox.inNewTransaction( session -> session.createSelectionQuery(
							"select b.id, b.key, b.byteSize, b.serviceName from " + BlobRecord.ENTITY_NAME
									+ " b where b.id > :after order by b.id", Object[].class )
					.setParameter( "after", after )
					.setMaxResults( CHUNK )
					.getResultList() );
			for ( Object[] row : rows ) {
				lastId = (Long) row[0];
				checked++;
				check( (Long) row[0], (String) row[1], (Long) row[2], (String) row[3], found );
			}
			if ( rows.size() < CHUNK ) {
				return checked;
			}
		}
	}

	private void check(long id, String key, long size, String serviceName, Found found) {
		final StorageService storage = storages.find( serviceName ).orElse( null );
		if ( storage == null ) {
			found.add( Kind.ROW_WITHOUT_FILE, "blob #" + id + " '" + key + "': its storage service '" + serviceName
					+ "' is not configured" );
			return;
		}
		Optional<StoredObject> stored;
		try {
			stored = storage.stat( key );
		}
		catch (StorageException e) {
			found.add( Kind.STORAGE_ERROR, "blob #" + id + " '" + key + "' in " + serviceName + ": " + e.getMessage() );
			return;
		}
		if ( stored.isEmpty() ) {
			// purged (row and then file) between the read of the row and the look at the file: not a problem
			if ( blobExists( id ) ) {
				found.add( Kind.ROW_WITHOUT_FILE, "blob #" + id + " '" + key + "': no file in " + serviceName );
			}
		}
		else if ( stored.get().byteSize() != size ) {
			found.add( Kind.DAMAGED_FILE, "blob #" + id + " '" + key + "' in " + serviceName + ": "
					+ stored.get().byteSize() + " bytes, " + size + " recorded" );
		}
	}

	private boolean blobExists(long id) {
		return outbox.inNewTransaction( session -> session.createSelectionQuery( "select count(b) from "
						+ BlobRecord.ENTITY_NAME + " b where b.id = :id", Long.class )
				.setParameter( "id", id )
				.getSingleResult() ) > 0;
	}

	/**
	 * Due rows not done, and upload intents nobody cleaned up, each older than the cutoff. An intent's row holds
	 * when it becomes due (its creation plus the upload grace period): it was created before the cutoff if it
	 * becomes due before the cutoff plus the grace period.
	 *
	 * @return the number of outbox rows
	 */
	private long[] outboxRows(Instant cutoff, Found found) {
		final Instant now = outbox.now();
		return outbox.inNewTransaction( session -> {
			final long rows = session.createSelectionQuery( "select count(p) from " + PurgeRecord.ENTITY_NAME + " p",
					Long.class ).getSingleResult();
			final Instant dueBefore = cutoff.isBefore( now ) ? cutoff : now;
			for ( PurgeRecord record : session.createSelectionQuery( "from " + PurgeRecord.ENTITY_NAME
							+ " p where p.dueAt <= :due order by p.dueAt, p.id", PurgeRecord.class )
					.setParameter( "due", dueBefore )
					.getResultList() ) {
				found.add( Kind.DUE_OUTBOX_ROW, record.getReason().name().toLowerCase( java.util.Locale.ROOT ) + " of '"
						+ record.getKey() + "' in " + record.getServiceName() + ", due since " + record.getDueAt()
						+ ( record.getAttempts() == 0 ? ", never attempted"
								: ", " + record.getAttempts() + " failed attempts, last: " + record.getLastError() ) );
			}
			for ( PurgeRecord intent : session.createSelectionQuery( "from " + PurgeRecord.ENTITY_NAME
							+ " p where p.reason = :upload and p.dueAt > :now and p.dueAt <= :createdBefore order by p.dueAt, p.id",
							PurgeRecord.class )
					.setParameter( "upload", PurgeRecord.Reason.UPLOAD )
					.setParameter( "now", now )
					.setParameter( "createdBefore", cutoff.plus( uploadGracePeriod ) )
					.getResultList() ) {
				found.add( Kind.ABANDONED_UPLOAD, "'" + intent.getKey() + "' in " + intent.getServiceName()
						+ ": the worker deletes it after " + intent.getDueAt() );
			}
			return new long[] { rows };
		} );
	}

	private void danglingReferences(BlobReferences all, Found found) {
		for ( BlobReferences.Reference reference : all.columns() ) {
			final String sql = "select r." + reference.column() + " from " + reference.table() + " r where r."
					+ reference.column() + " is not null and not exists (select 1 from " + all.blobTable()
					+ " b where b.id = r." + reference.column() + ")";
			outbox.inNewTransaction( session -> {
				SessionJdbc.query( (SharedSessionContractImplementor) session, sql, statement -> { },
						row -> found.add( Kind.DANGLING_REFERENCE, reference.table() + "." + reference.column() + " = "
								+ row.getString( 1 ) + ": no such blob row" ) );
				return null;
			} );
		}
	}

	private long unreferencedBlobs(BlobReferences all, Instant cutoff) {
		final long[] count = { 0 };
		outbox.inNewTransaction( session -> {
			SessionJdbc.query( (SharedSessionContractImplementor) session, all.unreferencedCountQuery( storages.names() ),
					statement -> all.bind( statement, cutoff, Long.MIN_VALUE ),
					row -> count[0] = row.getLong( 1 ) );
			return null;
		} );
		return count[0];
	}

	private static final class Found {
		final Map<Kind, Long> counts = new EnumMap<>( Kind.class );
		final List<IntegrityReport.Problem> problems = new ArrayList<>();

		void add(Kind kind, String description) {
			final long count = counts.merge( kind, 1L, Long::sum );
			if ( count <= IntegrityReport.LISTED ) {
				problems.add( new IntegrityReport.Problem( kind, description ) );
			}
		}
	}
}
