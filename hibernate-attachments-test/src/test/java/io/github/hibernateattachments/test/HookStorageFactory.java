package io.github.hibernateattachments.test;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.github.hibernateattachments.spi.ObjectMetadata;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;
import io.github.hibernateattachments.spi.StorageServiceFactory;
import io.github.hibernateattachments.spi.StoredObject;
import io.github.hibernateattachments.storage.DiskStorageService;

/**
 * Type {@code test-hook} (key {@code root}): a disk service that runs {@link #onStore} with the key before each
 * store, so that a test can make something happen at that moment (the application deleting the blob being copied).
 */
public final class HookStorageFactory implements StorageServiceFactory {

	/** Runs before each store of any test-hook service; reset by the test that sets it. */
	public static volatile Consumer<String> onStore = key -> { };

	@Override
	public String type() {
		return "test-hook";
	}

	@Override
	public StorageService create(StorageServiceContext context) {
		final DiskStorageService disk = new DiskStorageService( context.serviceName(), Path.of( context.requiredText( "root" ) ) );
		return new io.github.hibernateattachments.testing.ForwardingStorageService( disk ) {
			@Override
			public StoredObject store(String key, InputStream content) {
				onStore.accept( key );
				return super.store( key, content );
			}

			@Override
			public StoredObject store(String key, InputStream content, ObjectMetadata metadata) {
				return store( key, content );
			}
		};
	}
}
