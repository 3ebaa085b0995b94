package io.github.hibernateattachments.test;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StoredObject;
import io.github.hibernateattachments.storage.DiskStorageService;

/**
 * A disk storage that records which calls happened, in which order, into the test's {@link EventLog}, and
 * can be told to fail deletes. Lets a test assert exactly which storage operations a flow caused.
 */
public final class RecordingStorage extends ForwardingStorage {

	private final DiskStorageService disk;
	private final EventLog log;
	private final List<String> calls = new ArrayList<>();
	private final java.util.Map<String, io.github.hibernateattachments.spi.ObjectMetadata> metadataByKey = new java.util.HashMap<>();
	private final AtomicInteger failingDeletes = new AtomicInteger();
	private volatile Consumer<String> deleteProbe = key -> { };

	RecordingStorage(DiskStorageService disk, EventLog log) {
		super( disk );
		this.disk = disk;
		this.log = log;
	}

	private synchronized void record(String call) {
		calls.add( call );
		log.add( "storage: " + call );
	}

	/** @return the calls so far, e.g. {@code store <key>}, {@code delete <key>} */
	public synchronized List<String> calls() {
		return List.copyOf( calls );
	}

	public synchronized void clearCalls() {
		calls.clear();
	}

	/** The next {@code n} deletes fail with a StorageException, as a storage outage would. */
	public void failNextDeletes(int n) {
		failingDeletes.set( n );
	}

	/** Runs before each delete, with the key: lets a test look at the database at that moment. */
	public void onDelete(Consumer<String> probe) {
		this.deleteProbe = probe;
	}

	/** @return the keys of the files present on disk */
	public Set<String> keysOnDisk() {
		try ( var files = java.nio.file.Files.walk( disk.root() ) ) {
			return files.filter( java.nio.file.Files::isRegularFile )
					.map( p -> p.getFileName().toString() )
					.collect( java.util.stream.Collectors.toCollection( java.util.TreeSet::new ) );
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException( e );
		}
	}

	/** @return where the disk storage keeps {@code key}: root/ab/cd/key */
	public java.nio.file.Path pathOf(String key) {
		return disk.root().resolve( key.substring( 0, 2 ) ).resolve( key.substring( 2, 4 ) ).resolve( key );
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		record( "store " + key );
		return delegate.store( key, content );
	}

	@Override
	public StoredObject store(String key, InputStream content, io.github.hibernateattachments.spi.ObjectMetadata metadata) {
		synchronized ( this ) {
			metadataByKey.put( key, metadata );
		}
		return store( key, content );
	}

	/** @return what the extension passed with the store of {@code key}, or {@code null} */
	public synchronized io.github.hibernateattachments.spi.ObjectMetadata metadataOf(String key) {
		return metadataByKey.get( key );
	}

	@Override
	public InputStream openStream(String key) {
		record( "open " + key );
		return delegate.openStream( key );
	}

	@Override
	public void delete(String key) {
		deleteProbe.accept( key );
		record( "delete " + key );
		if ( failingDeletes.getAndUpdate( n -> Math.max( 0, n - 1 ) ) > 0 ) {
			throw new StorageException( "Simulated outage: unable to delete '" + key + "'" );
		}
		delegate.delete( key );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl) {
		return delegate.signedUrl( key, ttl );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition) {
		record( "sign " + key + " " + contentDisposition );
		return delegate.signedUrl( key, ttl, contentDisposition );
	}
}
