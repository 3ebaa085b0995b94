package io.github.hibernateattachments.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;
import io.github.hibernateattachments.spi.StorageServiceFactory;
import io.github.hibernateattachments.storage.InMemoryStorageService;

/**
 * Type {@code test-closing}, found through {@code META-INF/services}: an in-memory service that remembers the
 * settings it was created with ({@code label}) and whether it was closed.
 */
public final class ClosingStorageFactory implements StorageServiceFactory {

	/** Created services by name. */
	public static final Map<String, Closing> CREATED = new ConcurrentHashMap<>();

	@Override
	public String type() {
		return "test-closing";
	}

	@Override
	public StorageService create(StorageServiceContext context) {
		final Closing service = new Closing( context.serviceName(), context.requiredText( "label" ) );
		CREATED.put( context.serviceName(), service );
		return service;
	}

	/** The service: memory storage plus a label and a closed flag. */
	public static final class Closing extends io.github.hibernateattachments.testing.ForwardingStorageService implements AutoCloseable {
		public final String label;
		public volatile boolean closed;

		Closing(String name, String label) {
			super( new InMemoryStorageService( name ) );
			this.label = label;
		}

		@Override
		public void close() {
			closed = true;
		}
	}
}
