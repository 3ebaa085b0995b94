package io.github.hibernateattachments.internal.bootstrap;

import java.nio.file.Path;
import java.util.Map;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.AttachmentsSettings.Defaults;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.storage.DiskStorageService;
import io.github.hibernateattachments.storage.InMemoryStorageService;

import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;

/**
 * The single-storage settings of earlier versions, {@code hibernate.attachments.storage} and
 * {@code hibernate.attachments.storage.disk.root}: one service, named after the backend ({@code disk},
 * {@code memory}, or a custom service's own name), which blob rows stored with them record.
 */
final class LegacyStorageSetting {

	private LegacyStorageSetting() {
	}

	static StorageService create(Map<String, Object> settings, ClassLoaderService classLoaderService) {
		final Object value = settings.getOrDefault( AttachmentsSettings.STORAGE, Defaults.STORAGE );
		if ( value instanceof StorageService service ) {
			return service;
		}
		final String name = value.toString().trim();
		switch ( name ) {
			case "disk": {
				final Object root = settings.get( AttachmentsSettings.STORAGE_DISK_ROOT );
				if ( root == null || root.toString().isBlank() ) {
					throw new AttachmentException( "Missing setting '" + AttachmentsSettings.STORAGE_DISK_ROOT
							+ "': the disk storage needs a root folder; set it, or choose another storage with '"
							+ AttachmentsSettings.STORAGE + "'" );
				}
				return new DiskStorageService( root instanceof Path path ? path : Path.of( root.toString() ) );
			}
			case "memory":
				return new InMemoryStorageService();
			default:
				return instantiate( name, classLoaderService );
		}
	}

	private static StorageService instantiate(String className, ClassLoaderService classLoaderService) {
		final Class<?> type;
		try {
			type = classLoaderService.classForName( className );
		}
		catch (RuntimeException e) {
			throw new AttachmentException( "Unknown storage service '" + className + "' in setting '"
					+ AttachmentsSettings.STORAGE + "': expected 'disk', 'memory', a StorageService instance"
					+ " or the name of a class implementing StorageService", e );
		}
		if ( !StorageService.class.isAssignableFrom( type ) ) {
			throw new AttachmentException( "Invalid setting '" + AttachmentsSettings.STORAGE + "': class '"
					+ className + "' does not implement " + StorageService.class.getName() );
		}
		try {
			return (StorageService) type.getConstructor().newInstance();
		}
		catch (ReflectiveOperationException e) {
			throw new AttachmentException( "Invalid setting '" + AttachmentsSettings.STORAGE
					+ "': unable to instantiate '" + className + "' with its public no-argument constructor", e );
		}
	}

}
