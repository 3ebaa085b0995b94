package io.github.hibernateattachments.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.ObjectMetadata;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StoredObject;
import io.github.hibernateattachments.storage.DiskStorageService;
import io.github.hibernateattachments.storage.InMemoryStorageService;

/**
 * The storage of a test: in memory, or on disk in a temporary folder, {@linkplain RecordingStorageService
 * recording} its calls, emptied between tests by the {@link AttachmentsExtension}, and able to fail on demand as
 * a storage outage would.
 * <p>
 * Configure it like any storage service, with type {@code test} (the kit registers the type):
 * <pre>
 * hibernate.attachments.services.files.type=test
 * # optional: files on disk, in a temporary folder deleted when the persistence unit closes
 * hibernate.attachments.services.files.backend=folder
 * </pre>
 * or pass an instance in the settings map ({@code hibernate.attachments.services.files} set to
 * {@code TestStorage.inMemory("files")}). Either way the test reaches it as a parameter of type
 * {@code TestStorage} (with the {@link AttachmentsExtension}), or through {@link #named(String)}.
 * <p>
 * Every instance is registered until it is {@linkplain #close() closed}, so that the extension can reset them: the
 * persistence unit closes the ones its settings created (type {@code test}); an instance put in the settings map
 * is the test's to close, with the unit.
 */
public final class TestStorage extends RecordingStorageService implements AutoCloseable {

	private static final List<TestStorage> OPEN = new CopyOnWriteArrayList<>();

	private final Path folder;
	private final Map<String, ObjectMetadata> metadata = new ConcurrentHashMap<>();
	private final AtomicInteger failingStores = new AtomicInteger();
	private final AtomicInteger failingDeletes = new AtomicInteger();
	private volatile Consumer<String> beforeStore = key -> { };
	private volatile Consumer<String> beforeDelete = key -> { };
	private volatile boolean closed;

	private TestStorage(io.github.hibernateattachments.spi.StorageService backend, Path folderOrNull) {
		super( backend );
		this.folder = folderOrNull;
		OPEN.add( this );
	}

	/**
	 * @param name the service name recorded in blob rows
	 * @return a new, empty storage that keeps files in memory
	 */
	public static TestStorage inMemory(String name) {
		return new TestStorage( new InMemoryStorageService( name ), null );
	}

	/**
	 * @param name the service name recorded in blob rows
	 * @return a new, empty storage that keeps files on disk (as the {@code disk} service type does) in a new
	 *     temporary folder, deleted on {@link #close()}
	 */
	public static TestStorage inTemporaryFolder(String name) {
		try {
			return inFolder( name, Files.createTempDirectory( "attachments-test-" ) );
		}
		catch (IOException e) {
			throw new UncheckedIOException( "Unable to create a temporary folder for test storage '" + name + "'", e );
		}
	}

	/**
	 * @param name the service name recorded in blob rows
	 * @param folder where the files go (as the {@code disk} service type lays them out): it belongs to the storage,
	 *     emptied by {@link #reset()} and deleted on {@link #close()}
	 * @return a storage on disk in {@code folder}
	 */
	public static TestStorage inFolder(String name, Path folder) {
		return new TestStorage( new DiskStorageService( name, folder ), folder );
	}

	/** @return the storages not closed yet, oldest first */
	public static List<TestStorage> open() {
		return List.copyOf( OPEN );
	}

	/**
	 * @return the most recently created open storage named {@code name}
	 * @throws IllegalStateException if there is none
	 */
	public static TestStorage named(String name) {
		final List<TestStorage> open = open();
		for ( int i = open.size() - 1; i >= 0; i-- ) {
			if ( open.get( i ).name().equals( name ) ) {
				return open.get( i );
			}
		}
		throw new IllegalStateException( "No open test storage is named '" + name + "'; open ones: "
				+ open.stream().map( TestStorage::name ).toList() + ". Configure one with"
				+ " 'hibernate.attachments.services." + name + ".type=test'" );
	}

	/** Empties every open test storage and forgets their calls and faults: what the extension does before each test. */
	public static void resetAll() {
		OPEN.forEach( TestStorage::reset );
	}

	/** @return the temporary folder the files are kept in, or empty for a storage in memory */
	public Optional<Path> folder() {
		return Optional.ofNullable( folder );
	}

	/**
	 * Deletes every file, forgets the recorded calls, the metadata and pending faults, and removes the hooks.
	 */
	public void reset() {
		try ( Stream<ListedObject> files = delegate.list() ) {
			files.map( ListedObject::key ).toList().forEach( delegate::delete );
		}
		clearCalls();
		metadata.clear();
		failingStores.set( 0 );
		failingDeletes.set( 0 );
		beforeStore = key -> { };
		beforeDelete = key -> { };
	}

	/** @return the keys of the files stored now, sorted */
	public Set<String> keys() {
		try ( Stream<ListedObject> files = delegate.list() ) {
			return files.map( ListedObject::key ).collect( java.util.stream.Collectors.toCollection( TreeSet::new ) );
		}
	}

	/** @return {@code true} if a file with this key is stored now */
	public boolean contains(String key) {
		return delegate.exists( key );
	}

	/**
	 * @return the content of the file stored under {@code key}, read without being recorded
	 * @throws StorageException if there is none
	 */
	public byte[] content(String key) {
		try ( InputStream in = delegate.openStream( key ) ) {
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	/** @return what the extension passed with the store of {@code key} (content type, filename), or {@code null} */
	public ObjectMetadata metadataOf(String key) {
		return metadata.get( key );
	}

	/** The next {@code n} stores fail with a {@link StorageException} before writing anything, as an outage would. */
	public void failNextStores(int n) {
		failingStores.set( requireNotNegative( n ) );
	}

	/** The next {@code n} deletes fail with a {@link StorageException} and delete nothing, as an outage would. */
	public void failNextDeletes(int n) {
		failingDeletes.set( requireNotNegative( n ) );
	}

	/** Runs before each store, with the key, on the storing thread: lets a test act or look at that moment. */
	public void beforeStore(Consumer<String> hook) {
		this.beforeStore = Objects.requireNonNull( hook, "hook" );
	}

	/** Runs before each delete, with the key, on the deleting thread: lets a test act or look at that moment. */
	public void beforeDelete(Consumer<String> hook) {
		this.beforeDelete = Objects.requireNonNull( hook, "hook" );
	}

	private static int requireNotNegative(int n) {
		if ( n < 0 ) {
			throw new IllegalArgumentException( "A number of calls must not be negative: " + n );
		}
		return n;
	}

	private static boolean take(AtomicInteger counter) {
		return counter.getAndUpdate( n -> Math.max( 0, n - 1 ) ) > 0;
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		return store( key, content, null );
	}

	@Override
	public StoredObject store(String key, InputStream content, ObjectMetadata objectMetadata) {
		beforeStore.accept( key );
		record( "store " + key );
		if ( take( failingStores ) ) {
			throw new StorageException( "Simulated outage of test storage '" + name() + "': unable to store '" + key + "'" );
		}
		final StoredObject stored = objectMetadata == null ? delegate.store( key, content )
				: delegate.store( key, content, objectMetadata );
		if ( objectMetadata != null ) {
			metadata.put( key, objectMetadata );
		}
		return stored;
	}

	@Override
	public void delete(String key) {
		beforeDelete.accept( key );
		record( "delete " + key );
		if ( take( failingDeletes ) ) {
			throw new StorageException( "Simulated outage of test storage '" + name() + "': unable to delete '" + key + "'" );
		}
		delegate.delete( key );
		metadata.remove( key );
	}

	@Override
	public Map<String, StorageException> deleteAll(Collection<String> keys) {
		// one by one, so that each delete can be observed and made to fail
		return deleteEach( keys );
	}

	/** Unregisters this storage and deletes its temporary folder, if it has one. */
	@Override
	public void close() {
		if ( closed ) {
			return;
		}
		closed = true;
		OPEN.remove( this );
		if ( folder != null ) {
			try ( Stream<Path> paths = Files.walk( folder ) ) {
				paths.sorted( Comparator.reverseOrder() ).forEach( path -> path.toFile().delete() );
			}
			catch (IOException | UncheckedIOException ignored) {
				// a temporary folder: the system cleans it up eventually
			}
		}
	}

	@Override
	public String toString() {
		return "TestStorage[" + name() + ", " + ( folder == null ? "in memory" : folder.toString() ) + ", "
				+ keys().size() + " files]";
	}
}
