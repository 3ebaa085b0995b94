package io.github.hibernateattachments.spi;

/**
 * Creates the storage services of one type ({@code disk}, {@code memory}, {@code mirror}, {@code gcs}, ...) from
 * their settings. Factories are discovered through {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.github.hibernateattachments.spi.StorageServiceFactory} entry) and chosen by
 * {@link #type()}, the value of a service's {@code type} setting:
 * <pre>
 * hibernate.attachments.services.archive.type=disk
 * hibernate.attachments.services.archive.root=/var/lib/app/archive
 * </pre>
 * A service's {@code type} may also name a factory class directly (it needs a public no-argument constructor).
 */
public interface StorageServiceFactory {

	/**
	 * @return the name users write in a service's {@code type} setting; unique among the factories on the class path
	 */
	String type();

	/**
	 * Creates one storage service. Invalid or missing settings fail here, at boot, with a
	 * {@link StorageException} whose message names the setting ({@link StorageServiceContext#settingName(String)}),
	 * and so does a store that cannot be reached, rather than on the first upload.
	 * <p>
	 * If the returned service implements {@link AutoCloseable}, it is closed when the persistence unit closes.
	 */
	StorageService create(StorageServiceContext context);
}
