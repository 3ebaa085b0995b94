package io.github.hibernateattachments.testing;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.hibernateattachments.spi.ObjectMetadata;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

/**
 * A storage service that records the calls that write, read, delete or sign files, in the order they happened,
 * and forwards them to another service. Lets a test assert which storage operations a flow caused:
 * <pre>
 * assertThat(storage.calls()).containsExactly("store " + key, "delete " + oldKey);
 * </pre>
 * Each call is recorded as one line, before it is forwarded (a call that then fails is recorded too):
 * {@code store <key>}, {@code open <key>} (a range read too), {@code delete <key>} (a batch delete records one
 * line per key), {@code sign <key> <content-disposition>} ({@code sign <key>} without one). Metadata reads
 * ({@code stat}, {@code exists}) and listings are not recorded: the extension reads metadata to verify and
 * reconcile, and a test rarely cares.
 * Thread-safe.
 */
public class RecordingStorageService extends ForwardingStorageService {

	private final List<String> calls = new ArrayList<>();
	private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * @param delegate the service that does the work
	 */
	public RecordingStorageService(StorageService delegate) {
		super( delegate );
	}

	/** Records one call and tells the listeners. */
	protected void record(String call) {
		synchronized ( calls ) {
			calls.add( call );
		}
		listeners.forEach( listener -> listener.accept( call ) );
	}

	/** @return the calls recorded since the start or the last {@link #clearCalls()}, oldest first */
	public List<String> calls() {
		synchronized ( calls ) {
			return List.copyOf( calls );
		}
	}

	/**
	 * @param operation {@code store}, {@code open}, {@code delete} or {@code sign}
	 * @return the keys of the recorded calls of that operation, in order
	 */
	public List<String> keys(String operation) {
		Objects.requireNonNull( operation, "operation" );
		final String prefix = operation + " ";
		return calls().stream().filter( call -> call.startsWith( prefix ) )
				.map( call -> call.substring( prefix.length() ).split( " ", 2 )[0] )
				.toList();
	}

	/** Forgets the calls recorded so far. */
	public void clearCalls() {
		synchronized ( calls ) {
			calls.clear();
		}
	}

	/**
	 * Tells {@code listener} about each call as it is recorded (on the calling thread), for example to interleave
	 * the storage calls with the SQL statements of a test in one timeline.
	 */
	public void onCall(Consumer<String> listener) {
		listeners.add( Objects.requireNonNull( listener, "listener" ) );
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		record( "store " + key );
		return delegate.store( key, content );
	}

	@Override
	public StoredObject store(String key, InputStream content, ObjectMetadata metadata) {
		record( "store " + key );
		return delegate.store( key, content, metadata );
	}

	@Override
	public InputStream openStream(String key) {
		record( "open " + key );
		return delegate.openStream( key );
	}

	@Override
	public InputStream openStream(String key, long offset, long length) {
		record( "open " + key );
		return delegate.openStream( key, offset, length );
	}

	@Override
	public void delete(String key) {
		record( "delete " + key );
		delegate.delete( key );
	}

	@Override
	public Map<String, StorageException> deleteAll(Collection<String> keys) {
		keys.forEach( key -> record( "delete " + key ) );
		return delegate.deleteAll( keys );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl) {
		record( "sign " + key );
		return delegate.signedUrl( key, ttl );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition) {
		record( "sign " + key + " " + contentDisposition );
		return delegate.signedUrl( key, ttl, contentDisposition );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition, ObjectMetadata metadata) {
		record( "sign " + key + " " + contentDisposition );
		return delegate.signedUrl( key, ttl, contentDisposition, metadata );
	}
}
