package io.github.hibernateattachments.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.storage.MirrorStorageService;

import org.jboss.logging.Logger;

/**
 * The storage services of one persistence unit, by the name they are configured under (the name each blob row
 * records), and the default one for attributes that name none.
 */
public final class StorageRegistry implements AutoCloseable {

	private static final Logger LOG = Logger.getLogger( StorageRegistry.class );

	private final Map<String, StorageService> services;
	private final String defaultNameOrNull;
	private final List<AutoCloseable> owned;

	/**
	 * @param services by name, in configuration order
	 * @param defaultNameOrNull the service of attributes that name none, {@code null} if there is none
	 * @param owned services the extension created and closes with the persistence unit
	 */
	public StorageRegistry(Map<String, StorageService> services, String defaultNameOrNull, List<AutoCloseable> owned) {
		this.services = Collections.unmodifiableMap( new LinkedHashMap<>( services ) );
		this.defaultNameOrNull = defaultNameOrNull;
		this.owned = List.copyOf( owned );
	}

	public static StorageRegistry empty() {
		return new StorageRegistry( Map.of(), null, List.of() );
	}

	public boolean isEmpty() {
		return services.isEmpty();
	}

	public Set<String> names() {
		return services.keySet();
	}

	public boolean isConfigured(String name) {
		return services.containsKey( name );
	}

	public Optional<StorageService> find(String name) {
		return Optional.ofNullable( services.get( name ) );
	}

	/**
	 * @return the service configured under {@code name}
	 * @throws AttachmentException naming the service and the configured ones if there is none
	 */
	public StorageService get(String name) {
		final StorageService service = services.get( name );
		if ( service == null ) {
			throw new AttachmentException( "Unknown storage service '" + name + "': blobs recorded with it cannot be"
					+ " read or deleted until it is configured again (settings '" + AttachmentsSettings.SERVICES + name
					+ ".*'); " + ( services.isEmpty() ? "no service is configured" : "configured: " + services.keySet() ) );
		}
		return service;
	}

	/**
	 * @param nameOrNull a service name, or {@code null} for the default service
	 * @return the name of the service that stores new files for that choice
	 */
	public String resolve(String nameOrNull) {
		if ( nameOrNull != null ) {
			return nameOrNull;
		}
		if ( defaultNameOrNull == null ) {
			throw new AttachmentException( services.isEmpty()
					? "No storage service is configured in this persistence unit (it has no @Attached attribute): set '"
							+ AttachmentsSettings.SERVICES + "<name>.type' to use stored files"
					: "No default storage service: set '" + AttachmentsSettings.SERVICE + "' to one of " + services.keySet() );
		}
		return defaultNameOrNull;
	}

	public String defaultNameOrNull() {
		return defaultNameOrNull;
	}

	/**
	 * @return every distinct backend that holds files: each configured service, with mirrors replaced by their
	 * primary and mirrors, each once
	 */
	public List<StorageService> backends() {
		final List<StorageService> result = new ArrayList<>();
		services.values().forEach( service -> addBackends( service, result ) );
		return result;
	}

	private static void addBackends(StorageService service, List<StorageService> result) {
		if ( service instanceof MirrorStorageService mirror ) {
			addBackends( mirror.primary(), result );
			mirror.mirrors().forEach( m -> addBackends( m, result ) );
		}
		else if ( result.stream().noneMatch( s -> s == service ) ) {
			result.add( service );
		}
	}

	/** For the boot log line: {@code 'local' (default), 'archive'}. */
	public String describe() {
		if ( services.isEmpty() ) {
			return "none";
		}
		return services.keySet().stream().map( name -> "'" + name + "'" + ( name.equals( defaultNameOrNull ) ? " (default)" : "" ) )
				.collect( Collectors.joining( ", " ) );
	}

	@Override
	public void close() {
		for ( AutoCloseable service : owned ) {
			try {
				service.close();
			}
			catch (Exception e) {
				LOG.warnf( e, "Unable to close storage service %s", service );
			}
		}
	}
}
