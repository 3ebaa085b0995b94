package io.github.hibernateattachments.storage;

import java.util.Arrays;
import java.util.List;

import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;
import io.github.hibernateattachments.spi.StorageServiceFactory;

/**
 * Type {@code mirror}: a {@link MirrorStorageService}. Settings: {@code primary}, the name of the service objects
 * are read from, and {@code mirrors}, the comma-separated names of the services every new object is copied to.
 */
public final class MirrorStorageServiceFactory implements StorageServiceFactory {

	@Override
	public String type() {
		return "mirror";
	}

	@Override
	public StorageService create(StorageServiceContext context) {
		final String primaryName = context.requiredText( "primary" );
		final List<String> mirrorNames = Arrays.stream( context.requiredText( "mirrors" ).split( "," ) )
				.map( String::trim ).filter( s -> !s.isEmpty() ).distinct().toList();
		if ( mirrorNames.isEmpty() || mirrorNames.contains( primaryName ) ) {
			throw new StorageException( "Invalid setting '" + context.settingName( "mirrors" ) + "': expected the"
					+ " comma-separated names of the services to copy to, other than the primary '" + primaryName + "'" );
		}
		return new MirrorStorageService( context.serviceName(), context.service( primaryName ),
				mirrorNames.stream().map( context::service ).toList() );
	}
}
