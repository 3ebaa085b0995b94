package io.github.hibernateattachments.internal.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.BlobCopyReport;
import io.github.hibernateattachments.internal.StorageRegistry;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.outbox.Outbox;
import io.github.hibernateattachments.internal.upload.ContentDisposition;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;
import io.github.hibernateattachments.storage.MirrorStorageService;

import org.jboss.logging.Logger;

/**
 * Copies the files of every blob recorded with one storage service into another, verifying each copy, and
 * optionally records the blobs with the target service afterwards: the migration from one store to another
 * (with a {@link MirrorStorageService} taking the new uploads meanwhile).
 * <ul>
 *     <li>Rows are read in chunks by id (keyset), each chunk in a short read-only transaction; files are copied
 *     outside any transaction.</li>
 *     <li>The target is each backend of the target service (a mirror's primary and mirrors) that lacks the file;
 *     a backend that holds it already is checked (size, SHA-256) and left alone.</li>
 *     <li>A copy is verified twice: the source bytes against the row's SHA-256 while they stream, and the stored
 *     copy read back. A failed verification deletes the copy; the row is not changed.</li>
 *     <li>Moving: each chunk's verified rows are reassigned in one transaction, {@code where service_name = from},
 *     so a row the application deleted meanwhile is not revived; its copies are deleted again.</li>
 * </ul>
 * Safe to run again after an interruption: what is in place already is verified, not copied twice.
 */
public final class BlobCopier {

	private static final Logger LOG = Logger.getLogger( BlobCopier.class );
	private static final int CHUNK = 200;
	private static final int SAMPLE = 20;

	private final Outbox outbox;
	private final StorageRegistry storages;

	public BlobCopier(Outbox outbox, StorageRegistry storages) {
		this.outbox = outbox;
		this.storages = storages;
	}

	public BlobCopyReport copy(String from, String to, boolean reassign, Consumer<BlobCopyReport> progress) {
		if ( from.equals( to ) ) {
			throw new AttachmentException( "Cannot copy the blobs of storage service '" + from + "' to itself" );
		}
		final StorageService source = storages.get( from );
		final StorageService target = storages.get( to );
		final List<StorageService> targetBackends = backends( target );
		final Counts counts = new Counts();
		long after = Long.MIN_VALUE;
		while ( true ) {
			final long bound = after;
			final List<Row> rows = outbox.inNewTransaction( session -> session.createSelectionQuery(
							"select b.id, b.key, b.byteSize, b.checksum, b.filename, b.contentType from " + BlobRecord.ENTITY_NAME
									+ " b where b.serviceName = :service and b.id > :after order by b.id", Object[].class )
					.setParameter( "service", from )
					.setParameter( "after", bound )
					.setMaxResults( CHUNK )
					.getResultList() ).stream()
					.map( r -> new Row( (Long) r[0], (String) r[1], (Long) r[2], (String) r[3], (String) r[4], (String) r[5] ) )
					.toList();
			if ( rows.isEmpty() ) {
				break;
			}
			final List<Row> verified = new ArrayList<>();
			final List<Row> copiedNow = new ArrayList<>();
			for ( Row row : rows ) {
				counts.blobs++;
				try {
					if ( copyOne( row, source, targetBackends, counts ) ) {
						copiedNow.add( row );
					}
					verified.add( row );
				}
				catch (RuntimeException e) {
					counts.fail( "blob '" + row.key + "': " + e.getMessage() );
				}
			}
			settle( from, to, reassign, verified, copiedNow, targetBackends, counts );
			after = rows.get( rows.size() - 1 ).id;
			progress.accept( counts.report() );
			if ( rows.size() < CHUNK ) {
				break;
			}
		}
		return counts.report();
	}

	/** Reassigns the verified rows that still exist (moving), and removes the copies of rows deleted meanwhile. */
	private void settle(String from, String to, boolean reassign, List<Row> verified, List<Row> copiedNow,
			List<StorageService> targetBackends, Counts counts) {
		if ( verified.isEmpty() ) {
			return;
		}
		final List<Long> ids = verified.stream().map( Row::id ).toList();
		final List<Long> remaining = outbox.inNewTransaction( session -> {
			if ( reassign ) {
				// native: the blob entity is immutable, and only its service name changes, in the database alone
				session.createNativeMutationQuery( "update {h-domain}" + BlobRecord.TABLE + " set service_name = :to"
								+ " where id in (:ids) and service_name = :from" )
						.setParameter( "to", to ).setParameter( "from", from ).setParameter( "ids", ids )
						.executeUpdate();
			}
			return session.createSelectionQuery( "select b.id from " + BlobRecord.ENTITY_NAME + " b where b.id in (:ids)"
					+ " and b.serviceName = :service", Long.class )
					.setParameter( "ids", ids ).setParameter( "service", reassign ? to : from )
					.getResultList();
		} );
		if ( reassign ) {
			counts.reassigned += remaining.size();
		}
		for ( Row row : copiedNow ) {
			if ( !remaining.contains( row.id ) ) {
				// deleted (or moved by someone else) while we copied: its purge went to the source service only
				counts.vanished++;
				for ( StorageService backend : targetBackends ) {
					if ( !backend.exists( row.key ) || backends( storages.get( from ) ).contains( backend ) ) {
						continue;
					}
					try {
						backend.delete( row.key );
					}
					catch (RuntimeException e) {
						LOG.warnf( e, "Unable to remove the copy of deleted blob '%s' from '%s'; reconcile will", row.key, backend.name() );
					}
				}
			}
		}
	}

	/** @return whether a copy was made (rather than found in place) */
	private static boolean copyOne(Row row, StorageService source, List<StorageService> targets, Counts counts) {
		final List<StorageService> missing = new ArrayList<>();
		for ( StorageService target : targets ) {
			final Optional<StoredObject> present = target.stat( row.key );
			if ( present.isEmpty() ) {
				missing.add( target );
			}
			else if ( present.get().byteSize() != row.byteSize || !row.checksum.equals( sha256( target, row.key ) ) ) {
				throw new AttachmentException( "service '" + target.name() + "' already holds a different file under this key"
						+ " (" + present.get().byteSize() + " bytes); left alone" );
			}
		}
		if ( missing.isEmpty() ) {
			counts.alreadyPresent++;
			return false;
		}
		final List<StorageService> stored = new ArrayList<>();
		try {
			for ( StorageService target : missing ) {
				final String sourceChecksum;
				try ( InputStream raw = source.openStream( row.key );
						DigestInputStream in = new DigestInputStream( raw, digest() ) ) {
					target.store( row.key, in, ContentDisposition.metadata( row.filename, row.contentType ) );
					stored.add( target );
					in.transferTo( java.io.OutputStream.nullOutputStream() ); // a store that stopped early
					sourceChecksum = HexFormat.of().formatHex( in.getMessageDigest().digest() );
				}
				catch (IOException e) {
					throw new UncheckedIOException( e );
				}
				if ( !row.checksum.equals( sourceChecksum ) ) {
					throw new AttachmentException( "the source file's SHA-256 " + sourceChecksum + " differs from the recorded "
							+ row.checksum + "; not copied" );
				}
				final String copyChecksum = sha256( target, row.key );
				if ( !row.checksum.equals( copyChecksum ) ) {
					throw new AttachmentException( "the copy in '" + target.name() + "' reads back with SHA-256 " + copyChecksum
							+ ", not the recorded " + row.checksum + "; removed" );
				}
			}
		}
		catch (RuntimeException e) {
			for ( StorageService target : stored ) {
				try {
					target.delete( row.key );
				}
				catch (RuntimeException cleanup) {
					e.addSuppressed( cleanup );
				}
			}
			throw e;
		}
		counts.copied++;
		return true;
	}

	private static List<StorageService> backends(StorageService service) {
		if ( service instanceof MirrorStorageService mirror ) {
			final List<StorageService> all = new ArrayList<>();
			all.addAll( backends( mirror.primary() ) );
			mirror.mirrors().forEach( m -> all.addAll( backends( m ) ) );
			return all;
		}
		return List.of( service );
	}

	private static String sha256(StorageService storage, String key) {
		try ( DigestInputStream in = new DigestInputStream( storage.openStream( key ), digest() ) ) {
			in.transferTo( java.io.OutputStream.nullOutputStream() );
			return HexFormat.of().formatHex( in.getMessageDigest().digest() );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance( "SHA-256" );
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException( e );
		}
	}

	private record Row(long id, String key, long byteSize, String checksum, String filename, String contentType) {
	}

	private static final class Counts {
		long blobs;
		long copied;
		long alreadyPresent;
		long reassigned;
		long vanished;
		long failed;
		final List<String> samples = new ArrayList<>();

		void fail(String description) {
			failed++;
			if ( samples.size() < SAMPLE ) {
				samples.add( description );
			}
		}

		BlobCopyReport report() {
			return new BlobCopyReport( blobs, copied, alreadyPresent, reassigned, vanished, failed, samples );
		}
	}
}
