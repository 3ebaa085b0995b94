package io.github.hibernateattachments.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

/**
 * Keeps objects in memory, for tests. Content is read whole into a byte array; nothing survives the JVM.
 */
public final class InMemoryStorageService implements StorageService {

	private final String name;
	private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
	private final Map<String, java.time.Instant> written = new ConcurrentHashMap<>();

	/**
	 * An in-memory storage named {@code memory}.
	 */
	public InMemoryStorageService() {
		this( "memory" );
	}

	/**
	 * @param name the service name recorded in blob rows
	 */
	public InMemoryStorageService(String name) {
		this.name = Objects.requireNonNull( name, "name" );
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		StorageService.checkKey( name, key );
		Objects.requireNonNull( content, "content" );
		if ( objects.containsKey( key ) ) {
			throw alreadyExists( key );
		}
		final byte[] bytes;
		try {
			bytes = content.readAllBytes();
		}
		catch (IOException e) {
			throw new StorageException( "Storage service '" + name + "' failed to store object '" + key + "': "
					+ e.getMessage(), e );
		}
		if ( objects.putIfAbsent( key, bytes ) != null ) {
			throw alreadyExists( key );
		}
		written.put( key, java.time.Instant.now() );
		return new StoredObject( key, bytes.length );
	}

	@Override
	public InputStream openStream(String key) {
		StorageService.checkKey( name, key );
		final byte[] bytes = objects.get( key );
		if ( bytes == null ) {
			throw new StorageException( "Unable to read: there is no object '" + key + "' in storage service '"
					+ name + "'" );
		}
		return new ByteArrayInputStream( bytes );
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		StorageService.checkKey( name, key );
		final byte[] bytes = objects.get( key );
		return bytes == null ? Optional.empty() : Optional.of( new StoredObject( key, bytes.length ) );
	}

	@Override
	public void delete(String key) {
		StorageService.checkKey( name, key );
		objects.remove( key );
		written.remove( key );
	}

	/**
	 * @return a snapshot of the keys currently stored
	 */
	public Set<String> keys() {
		return Set.copyOf( objects.keySet() );
	}

	/**
	 * @return the number of objects currently stored
	 */
	public int size() {
		return objects.size();
	}

	@Override
	public java.util.stream.Stream<io.github.hibernateattachments.spi.ListedObject> list() {
		return objects.entrySet().stream().map( e -> new io.github.hibernateattachments.spi.ListedObject( e.getKey(),
				e.getValue().length, written.getOrDefault( e.getKey(), java.time.Instant.EPOCH ) ) );
	}

	@Override
	public String toString() {
		return "InMemoryStorageService[name=" + name + ", objects=" + objects.size() + "]";
	}

	private StorageException alreadyExists(String key) {
		return new StorageException( "Storage service '" + name + "' refuses to overwrite object '" + key
				+ "': an object with this key already exists" );
	}
}
