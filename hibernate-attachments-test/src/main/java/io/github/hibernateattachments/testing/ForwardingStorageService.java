package io.github.hibernateattachments.testing;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
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
 * A storage service that forwards every call to another one: extend it and override the calls a test wants to
 * observe or disturb. Every method of {@link StorageService}, the defaults included, goes to the delegate, so a
 * backend's own range reads, batch deletes and signed URLs are kept.
 */
public class ForwardingStorageService implements StorageService {

	/** The service every call goes to. */
	protected final StorageService delegate;

	/**
	 * @param delegate the service every call goes to
	 */
	public ForwardingStorageService(StorageService delegate) {
		this.delegate = Objects.requireNonNull( delegate, "delegate" );
	}

	/** @return the service every call goes to */
	public StorageService delegate() {
		return delegate;
	}

	@Override
	public String name() {
		return delegate.name();
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		return delegate.store( key, content );
	}

	@Override
	public StoredObject store(String key, InputStream content, ObjectMetadata metadata) {
		return delegate.store( key, content, metadata );
	}

	@Override
	public InputStream openStream(String key) {
		return delegate.openStream( key );
	}

	@Override
	public InputStream openStream(String key, long offset, long length) {
		return delegate.openStream( key, offset, length );
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		return delegate.stat( key );
	}

	@Override
	public boolean exists(String key) {
		return delegate.exists( key );
	}

	@Override
	public void delete(String key) {
		delegate.delete( key );
	}

	@Override
	public Map<String, StorageException> deleteAll(Collection<String> keys) {
		return delegate.deleteAll( keys );
	}

	/**
	 * Deletes {@code keys} one at a time through {@link #delete(String)}, for a subclass whose {@code deleteAll}
	 * must let its own {@code delete} see (or fail) each key. Not final: CDI must be able to proxy subclasses that
	 * are beans.
	 *
	 * @return the keys whose delete failed, with the failure
	 */
	protected Map<String, StorageException> deleteEach(Collection<String> keys) {
		final Map<String, StorageException> failures = new java.util.LinkedHashMap<>();
		for ( String key : new java.util.ArrayList<>( keys ) ) {
			try {
				delete( key );
			}
			catch (StorageException e) {
				failures.put( key, e );
			}
		}
		return failures;
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl) {
		return delegate.signedUrl( key, ttl );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition) {
		return delegate.signedUrl( key, ttl, contentDisposition );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition, ObjectMetadata metadata) {
		return delegate.signedUrl( key, ttl, contentDisposition, metadata );
	}

	@Override
	public Stream<ListedObject> list() {
		return delegate.list();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + delegate + "]";
	}
}
