package io.github.hibernateattachments.internal.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.hibernateattachments.ReconcileReport;
import io.github.hibernateattachments.internal.bootstrap.AttachmentsConfig;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.PurgeRecord;
import io.github.hibernateattachments.internal.outbox.Outbox;
import io.github.hibernateattachments.internal.StorageRegistry;
import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

/**
 * Compares storage and database both ways, for an existing installation:
 * <ul>
 *     <li>files no blob row describes and no outbox row accounts for (an in-flight upload has its intent row),
 *     older than the grace period: reported, and deleted if asked. Both tables are read in one statement,
 *     so an upload committing meanwhile is seen in one or the other;</li>
 *     <li>blob rows whose file is missing, or has another size (or, if asked, another checksum): reported,
 *     never deleted — a row without its file is a problem for a person to look at.</li>
 * </ul>
 */
public final class Reconciler {

	private static final int CHUNK = 500;
	private static final int SAMPLE = 20;

	private final Outbox outbox;
	private final StorageRegistry storages;
	private final AttachmentsConfig config;

	public Reconciler(Outbox outbox, StorageRegistry storages, AttachmentsConfig config) {
		this.outbox = outbox;
		this.storages = storages;
		this.config = config;
	}

	public ReconcileReport reconcile(boolean deleteOrphanFiles, boolean verifyChecksums, Consumer<String> progress) {
		final Instant cutoff = outbox.now().minus( config.sweepGracePeriod() );
		final Counts counts = new Counts();
		// each backend once (a mirror's primary and mirrors are backends of their own): a file is known if any
		// blob row or outbox row has its key, whichever service the row names (keys are unique)
		for ( StorageService storage : storages.backends() ) {
			try ( Stream<ListedObject> files = storage.list() ) {
				final Iterator<ListedObject> iterator = files.iterator();
				final List<ListedObject> chunk = new ArrayList<>( CHUNK );
				while ( iterator.hasNext() ) {
					chunk.add( iterator.next() );
					if ( chunk.size() == CHUNK || !iterator.hasNext() ) {
						orphansIn( storage, chunk, cutoff, deleteOrphanFiles, counts );
						chunk.clear();
						progress.accept( "files: " + counts.filesScanned + " scanned, " + counts.orphanFiles + " orphans" );
					}
				}
			}
		}
		checkRows( verifyChecksums, counts, progress );
		return new ReconcileReport( counts.filesScanned, counts.orphanFiles, counts.orphanFilesDeleted, counts.rowsScanned,
				counts.rowsWithoutFile, counts.rowsWithWrongSize, counts.rowsWithWrongChecksum, counts.orphanSamples,
				counts.problemSamples );
	}

	private void orphansIn(StorageService storage, List<ListedObject> chunk, Instant cutoff, boolean delete, Counts counts) {
		counts.filesScanned += chunk.size();
		final List<String> keys = chunk.stream().map( ListedObject::key ).toList();
		final Set<String> known = new HashSet<>( outbox.inNewTransaction( session -> session.createNativeQuery(
						"select storage_key from {h-domain}" + BlobRecord.TABLE + " where storage_key in (:keys)"
								+ " union select storage_key from {h-domain}" + PurgeRecord.TABLE + " where storage_key in (:keys)",
						String.class )
				.setParameterList( "keys", keys )
				.getResultList() ) );
		for ( ListedObject file : chunk ) {
			if ( known.contains( file.key() ) || !file.lastModified().isBefore( cutoff ) ) {
				continue;
			}
			counts.orphanFiles++;
			if ( counts.orphanSamples.size() < SAMPLE ) {
				counts.orphanSamples.add( file.key() );
			}
			if ( delete ) {
				storage.delete( file.key() );
				counts.orphanFilesDeleted++;
			}
		}
	}

	private void checkRows(boolean verifyChecksums, Counts counts, Consumer<String> progress) {
		long lastId = Long.MIN_VALUE;
		while ( true ) {
			final long after = lastId;
			final List<Object[]> rows = outbox.inNewTransaction( session -> session.createSelectionQuery(
							"select b.id, b.key, b.byteSize, b.checksum, b.serviceName from " + BlobRecord.ENTITY_NAME
									+ " b where b.id > :after order by b.id", Object[].class )
					.setParameter( "after", after )
					.setMaxResults( CHUNK )
					.getResultList() );
			for ( Object[] row : rows ) {
				lastId = (Long) row[0];
				check( (String) row[1], (Long) row[2], (String) row[3], (String) row[4], verifyChecksums, counts );
			}
			progress.accept( "rows: " + counts.rowsScanned + " checked, " + counts.problems() + " problems" );
			if ( rows.size() < CHUNK ) {
				return;
			}
		}
	}

	private void check(String key, long size, String checksum, String serviceName, boolean verifyChecksums, Counts counts) {
		counts.rowsScanned++;
		final StorageService storage = storages.find( serviceName ).orElse( null );
		if ( storage == null ) {
			counts.problem( "blob '" + key + "': storage service '" + serviceName + "' is not configured" );
			return;
		}
		final Optional<StoredObject> stored = storage.stat( key );
		if ( stored.isEmpty() ) {
			counts.rowsWithoutFile++;
			counts.problem( "blob '" + key + "': file missing" );
		}
		else if ( stored.get().byteSize() != size ) {
			counts.rowsWithWrongSize++;
			counts.problem( "blob '" + key + "': " + stored.get().byteSize() + " bytes in storage, " + size + " recorded" );
		}
		else if ( verifyChecksums && !checksum.equals( sha256( storage, key ) ) ) {
			counts.rowsWithWrongChecksum++;
			counts.problem( "blob '" + key + "': checksum differs from the recorded " + checksum );
		}
	}

	private static String sha256(StorageService storage, String key) {
		try ( InputStream in = storage.openStream( key ) ) {
			final MessageDigest digest = MessageDigest.getInstance( "SHA-256" );
			final byte[] buffer = new byte[64 * 1024];
			for ( int n; ( n = in.read( buffer ) ) > 0; ) {
				digest.update( buffer, 0, n );
			}
			return HexFormat.of().formatHex( digest.digest() );
		}
		catch (IOException | NoSuchAlgorithmException e) {
			return "unreadable: " + e.getMessage();
		}
	}

	private static final class Counts {
		long filesScanned;
		long orphanFiles;
		long orphanFilesDeleted;
		long rowsScanned;
		long rowsWithoutFile;
		long rowsWithWrongSize;
		long rowsWithWrongChecksum;
		final List<String> orphanSamples = new ArrayList<>();
		final List<String> problemSamples = new ArrayList<>();

		long problems() {
			return rowsWithoutFile + rowsWithWrongSize + rowsWithWrongChecksum;
		}

		void problem(String description) {
			if ( problemSamples.size() < SAMPLE ) {
				problemSamples.add( description );
			}
		}
	}
}
