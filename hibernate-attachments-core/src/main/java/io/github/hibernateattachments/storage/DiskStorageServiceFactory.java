package io.github.hibernateattachments.storage;

import java.nio.file.Path;

import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;
import io.github.hibernateattachments.spi.StorageServiceFactory;

/**
 * Type {@code disk}: a {@link DiskStorageService}. Setting: {@code root}, the folder holding the files (created if
 * missing).
 */
public final class DiskStorageServiceFactory implements StorageServiceFactory {

	@Override
	public String type() {
		return "disk";
	}

	@Override
	public StorageService create(StorageServiceContext context) {
		final Object root = context.setting( "root" ).filter( value -> !value.toString().isBlank() )
				.orElseThrow( () -> new io.github.hibernateattachments.spi.StorageException( "Missing setting '"
						+ context.settingName( "root" ) + "': the disk storage service '" + context.serviceName()
						+ "' needs the folder that holds its files" ) );
		return new DiskStorageService( context.serviceName(), root instanceof Path path ? path : Path.of( root.toString().trim() ) );
	}
}
