package io.github.hibernateattachments.storage;

import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;
import io.github.hibernateattachments.spi.StorageServiceFactory;

/**
 * Type {@code memory}: an {@link InMemoryStorageService}, for tests. No settings.
 */
public final class InMemoryStorageServiceFactory implements StorageServiceFactory {

	@Override
	public String type() {
		return "memory";
	}

	@Override
	public StorageService create(StorageServiceContext context) {
		return new InMemoryStorageService( context.serviceName() );
	}
}
