package io.github.hibernateattachments.spi;

import java.util.Optional;

/**
 * What a {@link StorageServiceFactory} receives to create one named service: the service's own settings (the
 * keys after {@code hibernate.attachments.services.<name>.}), beans of the application's container, and the
 * other services of the persistence unit.
 */
public interface StorageServiceContext {

	/**
	 * @return the name the service is configured under; it is recorded in each blob row the service stores
	 */
	String serviceName();

	/**
	 * @param key a key of this service, such as {@code root} or {@code bucket}
	 * @return the value set for it (a string, or an object where the settings map holds one), or empty
	 */
	Optional<Object> setting(String key);

	/**
	 * @return the value of {@code key} as trimmed text, or empty if it is not set or blank
	 */
	default Optional<String> text(String key) {
		return setting( key ).map( value -> value.toString().trim() ).filter( value -> !value.isEmpty() );
	}

	/**
	 * @return the value of {@code key} as trimmed text
	 * @throws StorageException naming the setting if it is not set
	 */
	default String requiredText(String key) {
		return text( key ).orElseThrow( () -> new StorageException( "Missing setting '" + settingName( key )
				+ "': storage service '" + serviceName() + "' needs it" ) );
	}

	/**
	 * @return the value of {@code key} as a number of bytes ({@code 16MB}, {@code 512KB}, or a number), or empty
	 * if it is not set
	 * @throws StorageException naming the setting if it is not a size
	 */
	java.util.OptionalLong size(String key);

	/**
	 * @return the value of {@code key} as {@code true} or {@code false}, or {@code defaultValue} if it is not set
	 * @throws StorageException naming the setting if it is neither
	 */
	boolean bool(String key, boolean defaultValue);

	/**
	 * @return the full name of one of this service's settings, for messages:
	 * {@code hibernate.attachments.services.<name>.<key>}
	 */
	String settingName(String key);

	/**
	 * Resolves a bean of the application's container (CDI, Spring) through Hibernate's bean registry, or creates
	 * an instance with the type's public no-argument constructor where there is no container.
	 *
	 * @param beanNameOrNull the bean's name, or {@code null} to resolve by type
	 */
	<T> T bean(Class<T> type, String beanNameOrNull);

	/**
	 * Another service of the same persistence unit (for services that compose others, such as a mirror),
	 * created first if needed.
	 *
	 * @throws StorageException if no service of that name is configured, or services refer to each other in a cycle
	 */
	StorageService service(String name);
}
