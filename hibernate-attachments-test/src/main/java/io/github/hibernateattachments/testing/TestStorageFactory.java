package io.github.hibernateattachments.testing;

import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;
import io.github.hibernateattachments.spi.StorageServiceFactory;

/**
 * Storage service type {@code test}: a {@link TestStorage}, in memory by default, or in a temporary folder with
 * {@code backend=folder}. Closed, and its folder deleted, when the persistence unit closes.
 */
public final class TestStorageFactory implements StorageServiceFactory {

	@Override
	public String type() {
		return "test";
	}

	@Override
	public StorageService create(StorageServiceContext context) {
		final String backend = context.text( "backend" ).orElse( "memory" );
		return switch ( backend ) {
			case "memory" -> TestStorage.inMemory( context.serviceName() );
			case "folder" -> TestStorage.inTemporaryFolder( context.serviceName() );
			default -> throw new IllegalArgumentException( "Unknown value '" + backend + "' of '"
					+ context.settingName( "backend" ) + "': use 'memory' (the default) or 'folder'" );
		};
	}
}
