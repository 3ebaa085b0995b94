package io.github.hibernateattachments.test;

import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

/** A storage service that forwards every call to another; tests override what they observe. */
public class ForwardingStorage implements StorageService {

	protected final StorageService delegate;

	public ForwardingStorage(StorageService delegate) {
		this.delegate = delegate;
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
	public InputStream openStream(String key) {
		return delegate.openStream( key );
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		return delegate.stat( key );
	}

	@Override
	public void delete(String key) {
		delegate.delete( key );
	}

	@Override
	public Stream<ListedObject> list() {
		return delegate.list();
	}
}
