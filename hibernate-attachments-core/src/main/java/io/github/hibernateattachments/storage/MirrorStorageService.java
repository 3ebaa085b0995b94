package io.github.hibernateattachments.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.ObjectMetadata;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

/**
 * Writes to a primary service and to its mirrors, reads from the primary, deletes from all: the way to move an
 * installation from one store to another without downtime (as Rails' ActiveStorage {@code MirrorService}).
 * <ul>
 *     <li>{@link #store} stores in the primary, then copies the object from the primary to each mirror; if any
 *     of them fails, the object is deleted from every service that holds it and the store fails.</li>
 *     <li>{@link #openStream}, {@link #stat}, {@link #signedUrl} and {@link #list} use the primary only.</li>
 *     <li>{@link #delete} and {@link #deleteAll} delete from the primary and from every mirror; a key fails if it
 *     fails anywhere (deletes are idempotent, so the retry succeeds where the object is already gone).</li>
 * </ul>
 * Configured with type {@code mirror}:
 * <pre>
 * hibernate.attachments.services.main.type=mirror
 * hibernate.attachments.services.main.primary=local
 * hibernate.attachments.services.main.mirrors=bucket
 * </pre>
 * Existing blobs are copied to a mirror with {@code Attachments.copyBlobs}.
 */
public final class MirrorStorageService implements StorageService {

	private final String name;
	private final StorageService primary;
	private final List<StorageService> mirrors;

	/**
	 * @param name the service name
	 * @param primary where objects are read from
	 * @param mirrors where each new object is copied too, and deleted from
	 */
	public MirrorStorageService(String name, StorageService primary, List<StorageService> mirrors) {
		this.name = Objects.requireNonNull( name, "name" );
		this.primary = Objects.requireNonNull( primary, "primary" );
		this.mirrors = List.copyOf( mirrors );
		if ( this.mirrors.isEmpty() ) {
			throw new StorageException( "Mirror storage service '" + name + "' needs at least one mirror" );
		}
	}

	@Override
	public String name() {
		return name;
	}

	/** @return the service objects are read from */
	public StorageService primary() {
		return primary;
	}

	/** @return the services every new object is copied to */
	public List<StorageService> mirrors() {
		return mirrors;
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		return store( key, content, null );
	}

	@Override
	public StoredObject store(String key, InputStream content, ObjectMetadata metadata) {
		StorageService.checkKey( name, key );
		final StoredObject stored = named( () -> metadata == null ? primary.store( key, content ) : primary.store( key, content, metadata ) );
		int copied = 0;
		try {
			for ( StorageService mirror : mirrors ) {
				try ( InputStream in = primary.openStream( key ) ) {
					final StoredObject copy = metadata == null ? mirror.store( key, in ) : mirror.store( key, in, metadata );
					copied++;
					if ( copy.byteSize() != stored.byteSize() ) {
						throw new StorageException( "Mirror storage service '" + name + "': mirror '" + mirror.name()
								+ "' stored " + copy.byteSize() + " bytes under key '" + key + "', the primary "
								+ stored.byteSize() );
					}
				}
			}
			return stored;
		}
		catch (IOException | RuntimeException e) {
			final StorageException failure = e instanceof StorageException se ? se
					: new StorageException( "Mirror storage service '" + name + "' could not copy key '" + key
							+ "' to its mirrors: " + e.getMessage(), e );
			for ( int i = 0; i < copied; i++ ) {
				deleteQuietly( mirrors.get( i ), key, failure );
			}
			deleteQuietly( primary, key, failure );
			throw failure;
		}
	}

	private static void deleteQuietly(StorageService service, String key, StorageException failure) {
		try {
			service.delete( key );
		}
		catch (RuntimeException e) {
			failure.addSuppressed( e );
		}
	}

	@Override
	public InputStream openStream(String key) {
		return named( () -> primary.openStream( key ) );
	}

	@Override
	public InputStream openStream(String key, long offset, long length) {
		return named( () -> primary.openStream( key, offset, length ) );
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		return named( () -> primary.stat( key ) );
	}

	/** Runs a call on a member service; its failure names this service too. */
	private <T> T named(java.util.function.Supplier<T> call) {
		try {
			return call.get();
		}
		catch (StorageException e) {
			throw new StorageException( "Mirror storage service '" + name + "': " + e.getMessage(), e );
		}
	}

	@Override
	public void delete(String key) {
		StorageService.checkKey( name, key );
		StorageException failure = null;
		for ( StorageService service : all() ) {
			try {
				service.delete( key );
			}
			catch (StorageException e) {
				if ( failure == null ) {
					failure = e;
				}
				else {
					failure.addSuppressed( e );
				}
			}
		}
		if ( failure != null ) {
			throw new StorageException( "Mirror storage service '" + name + "': " + failure.getMessage(), failure );
		}
	}

	@Override
	public Map<String, StorageException> deleteAll(Collection<String> keys) {
		final Map<String, StorageException> failures = new LinkedHashMap<>();
		for ( StorageService service : all() ) {
			final Map<String, StorageException> serviceFailures;
			try {
				serviceFailures = service.deleteAll( keys );
			}
			catch (RuntimeException e) {
				final StorageException failure = e instanceof StorageException se ? se
						: new StorageException( e.getMessage(), e );
				keys.forEach( key -> failures.putIfAbsent( key, failure ) );
				continue;
			}
			serviceFailures.forEach( failures::putIfAbsent );
		}
		return failures;
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl) {
		return primary.signedUrl( key, ttl );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition) {
		return primary.signedUrl( key, ttl, contentDisposition );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition, ObjectMetadata metadata) {
		return primary.signedUrl( key, ttl, contentDisposition, metadata );
	}

	@Override
	public Stream<ListedObject> list() {
		return primary.list();
	}

	private List<StorageService> all() {
		final List<StorageService> all = new java.util.ArrayList<>( mirrors.size() + 1 );
		all.add( primary );
		all.addAll( mirrors );
		return all;
	}

	@Override
	public String toString() {
		return "MirrorStorageService[" + name + ": " + primary.name() + " -> " + mirrors.stream().map( StorageService::name ).toList() + "]";
	}

}
