package io.github.hibernateattachments.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;
import io.github.hibernateattachments.spi.StorageServiceFactory;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

/**
 * Type {@code gcs}: a {@link GcsStorageService}. Settings, after {@code hibernate.attachments.services.<name>.}:
 * <ul>
 *     <li>{@code bucket}: the bucket (required);</li>
 *     <li>{@code prefix}: prepended to every object name, e.g. {@code attachments/} (default none);</li>
 *     <li>{@code project_id}: the project (default: from the credentials or the environment);</li>
 *     <li>{@code credentials}: a service-account key file (JSON); default: the application default credentials
 *     (the {@code GOOGLE_APPLICATION_CREDENTIALS} file, the metadata server on Google Cloud, gcloud's login);
 *     {@code none} for an emulator;</li>
 *     <li>{@code client}: a {@code com.google.cloud.storage.Storage} instance in the settings map, or
 *     {@code client_bean}: the name of such a bean of the application's container; either one replaces the
 *     three settings above;</li>
 *     <li>{@code host}: another endpoint (an emulator);</li>
 *     <li>{@code chunk_size}: bytes per request of a resumable upload, a multiple of 256 KiB (default 8MB; each upload holds about twice that in memory);</li>
 *     <li>{@code check_bucket}: check at boot that the bucket exists and the credentials may read it (default
 *     {@code true}).</li>
 * </ul>
 */
public final class GcsStorageServiceFactory implements StorageServiceFactory {

	static final int DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

	@Override
	public String type() {
		return "gcs";
	}

	@Override
	public StorageService create(StorageServiceContext context) {
		final String bucket = context.requiredText( "bucket" );
		final String prefix = context.text( "prefix" ).orElse( "" );
		if ( prefix.startsWith( "/" ) ) {
			throw new StorageException( "Invalid setting '" + context.settingName( "prefix" ) + "': an object name prefix"
					+ " does not start with '/': '" + prefix + "'" );
		}
		final int chunkSize = chunkSize( context );
		final Object client = context.setting( "client" ).orElse( null );
		final String clientBean = context.text( "client_bean" ).orElse( null );
		final Storage storage;
		final boolean owned;
		if ( client != null ) {
			if ( !( client instanceof Storage given ) ) {
				throw new StorageException( "Invalid setting '" + context.settingName( "client" ) + "': expected a "
						+ Storage.class.getName() + " instance, not " + client.getClass().getName() );
			}
			storage = given;
			owned = false;
		}
		else if ( clientBean != null ) {
			storage = context.bean( Storage.class, clientBean );
			owned = false;
		}
		else {
			storage = client( context );
			owned = true;
		}
		final GcsStorageService service = new GcsStorageService( context.serviceName(), storage, bucket, prefix, chunkSize, owned );
		if ( context.bool( "check_bucket", true ) ) {
			try {
				service.checkBucket();
			}
			catch (RuntimeException e) {
				closeQuietly( service, e );
				throw e;
			}
		}
		return service;
	}

	private static Storage client(StorageServiceContext context) {
		final StorageOptions.Builder options = StorageOptions.newBuilder();
		context.text( "project_id" ).ifPresent( options::setProjectId );
		context.text( "host" ).ifPresent( options::setHost );
		final String credentials = context.text( "credentials" ).orElse( null );
		try {
			if ( "none".equalsIgnoreCase( credentials ) ) {
				options.setCredentials( com.google.cloud.NoCredentials.getInstance() ); // an emulator
			}
			else if ( credentials != null ) {
				final Path file = Path.of( credentials );
				try ( InputStream in = Files.newInputStream( file ) ) {
					options.setCredentials( ServiceAccountCredentials.fromStream( in ) );
				}
			}
			else {
				options.setCredentials( GoogleCredentials.getApplicationDefault() );
			}
		}
		catch (IOException | RuntimeException e) {
			throw new StorageException( credentials != null
					? "Invalid setting '" + context.settingName( "credentials" ) + "': cannot read a service-account key"
							+ " from '" + credentials + "': " + e.getMessage()
					: "GCS storage service '" + context.serviceName() + "' found no application default credentials ("
							+ e.getMessage() + "): set '" + context.settingName( "credentials" ) + "' to a service-account"
							+ " key file, or GOOGLE_APPLICATION_CREDENTIALS", e );
		}
		return options.build().getService();
	}

	private static int chunkSize(StorageServiceContext context) {
		final long size = context.size( "chunk_size" ).orElse( DEFAULT_CHUNK_SIZE );
		if ( size <= 0 || size % ( 256 * 1024 ) != 0 || size > Integer.MAX_VALUE ) {
			throw new StorageException( "Invalid value '" + size + "' for setting '" + context.settingName( "chunk_size" )
					+ "': expected a multiple of 256 KiB, such as '8MB' or '16MB'" );
		}
		return (int) size;
	}

	private static void closeQuietly(GcsStorageService service, RuntimeException failure) {
		try {
			service.close();
		}
		catch (Exception e) {
			failure.addSuppressed( e );
		}
	}
}
