package io.github.hibernateattachments.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

import org.jboss.logging.Logger;

/**
 * Stores each object as a file under a root folder, sharded by the first four characters of its key:
 * key {@code abcd1234...} lives at {@code root/ab/cd/abcd1234...}.
 * <p>
 * A store streams into a hidden temporary file ({@code .upload-*.tmp}) in the target folder, forces it to
 * the device, then publishes it under its key with a hard link, which the operating system creates
 * atomically and only if the name is free: a reader never sees a partial file, and two concurrent stores
 * of the same key cannot both win. On file systems without hard links it falls back to a move without
 * {@code REPLACE_EXISTING}, which also refuses an existing key but checks it just before renaming rather
 * than atomically.
 * <p>
 * Every path is checked to stay inside the root, after resolving symbolic links, before it is read or written.
 * <p>
 * Deleting an object deletes its file only: the shard folders stay for the objects stored later (there are at
 * most 32² + 32⁴ of them for the keys this library generates, most of them in use in a store of a million
 * files), as Rails' ActiveStorage disk service does. Removing each emptied folder would double the file
 * system's work for every delete (measured in docs/benchmarks.md, "Sweeper"). Empty shard folders can be
 * removed at any time, for example with {@code find <root> -mindepth 1 -type d -empty -delete}.
 */
public final class DiskStorageService implements StorageService {

	private static final Logger LOG = Logger.getLogger( DiskStorageService.class );

	private static final int BUFFER_SIZE = 256 * 1024;
	private static final int MAX_ATTEMPTS = 5;

	private final String name;
	private final Path root;

	/**
	 * A disk storage named {@code disk}.
	 *
	 * @param root the folder holding the objects; created if missing
	 * @throws StorageException if the folder cannot be created
	 */
	public DiskStorageService(Path root) {
		this( "disk", root );
	}

	/**
	 * @param name the service name recorded in blob rows
	 * @param root the folder holding the objects; created if missing
	 * @throws StorageException if the folder cannot be created
	 */
	public DiskStorageService(String name, Path root) {
		this.name = Objects.requireNonNull( name, "name" );
		Objects.requireNonNull( root, "root" );
		try {
			final Path absolute = root.toAbsolutePath().normalize();
			Files.createDirectories( absolute );
			this.root = absolute.toRealPath();
		}
		catch (IOException e) {
			throw new StorageException( "Storage service '" + name + "' cannot create its root folder '" + root
					+ "': " + e.getMessage(), e );
		}
	}

	@Override
	public String name() {
		return name;
	}

	/**
	 * @return the absolute, real path of the folder holding the objects
	 */
	public Path root() {
		return root;
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		final Path target = pathOf( key );
		Objects.requireNonNull( content, "content" );
		final Path folder = target.getParent();
		if ( Files.exists( target, LinkOption.NOFOLLOW_LINKS ) ) {
			throw alreadyExists( key );
		}
		Path tmp = null;
		try {
			tmp = createTempFile( key, folder );
			final long size = copy( content, tmp );
			// Into the folder whose real path was checked, not through the path as named.
			publish( key, tmp, tmp.resolveSibling( key ) );
			return new StoredObject( key, size );
		}
		catch (IOException e) {
			throw new StorageException( "Storage service '" + name + "' failed to store object '" + key + "' at '"
					+ target + "': " + e.getMessage(), e );
		}
		finally {
			deleteQuietly( tmp );
		}
	}

	@Override
	public InputStream openStream(String key) {
		final Path path = pathOf( key );
		try {
			return Files.newInputStream( realPathInsideRoot( key, path ) );
		}
		catch (NoSuchFileException e) {
			throw new StorageException( "Unable to read: there is no object '" + key + "' in storage service '"
					+ name + "' (expected at '" + path + "')", e );
		}
		catch (IOException e) {
			throw new StorageException( "Storage service '" + name + "' failed to open object '" + key + "' at '"
					+ path + "': " + e.getMessage(), e );
		}
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		final Path path = pathOf( key );
		try {
			final Path real = realPathInsideRoot( key, path );
			final BasicFileAttributes attributes = Files.readAttributes( real, BasicFileAttributes.class );
			if ( !attributes.isRegularFile() ) {
				throw new StorageException( "Storage service '" + name + "' holds something other than a file for key '"
						+ key + "' at '" + path + "'; remove it by hand" );
			}
			return Optional.of( new StoredObject( key, attributes.size() ) );
		}
		catch (NoSuchFileException e) {
			return Optional.empty();
		}
		catch (IOException e) {
			throw new StorageException( "Storage service '" + name + "' failed to read the attributes of object '"
					+ key + "' at '" + path + "': " + e.getMessage(), e );
		}
	}

	@Override
	public void delete(String key) {
		deleteFile( key );
	}

	@Override
	public java.util.Map<String, StorageException> deleteAll(java.util.Collection<String> keys) {
		final java.util.Map<String, StorageException> failures = new java.util.LinkedHashMap<>();
		for ( String key : keys ) {
			try {
				deleteFile( key );
			}
			catch (StorageException e) {
				failures.put( key, e );
			}
		}
		return failures;
	}

	private void deleteFile(String key) {
		final Path path = pathOf( key );
		final Path folder = path.getParent();
		try {
			// The folder, not the file: deleting a planted link is harmless, deleting through a linked folder is
			// not. The file is deleted through the folder's checked real path.
			final Path real = realPathInsideRoot( key, folder );
			Files.deleteIfExists( real.resolve( path.getFileName() ) );
		}
		catch (NoSuchFileException e) {
			// no such shard folder: no such object
		}
		catch (IOException e) {
			throw new StorageException( "Storage service '" + name + "' failed to delete object '" + key + "' at '"
					+ path + "': " + e.getMessage(), e );
		}
	}

	/**
	 * Walks the shard folders; files that are not named like a key (temporary uploads) are left out.
	 */
	@Override
	public Stream<ListedObject> list() {
		try {
			return Files.walk( root )
					.filter( path -> StorageService.isValidKey( path.getFileName().toString() ) )
					.filter( Files::isRegularFile )
					.map( path -> {
						try {
							return new ListedObject( path.getFileName().toString(), Files.size( path ),
									Files.getLastModifiedTime( path ).toInstant() );
						}
						catch (IOException e) {
							return null; // deleted while listing
						}
					} )
					.filter( java.util.Objects::nonNull );
		}
		catch (IOException e) {
			throw new StorageException( "Unable to list storage service '" + name + "' under " + root, e );
		}
	}

	@Override
	public String toString() {
		return "DiskStorageService[name=" + name + ", root=" + root + "]";
	}

	private Path pathOf(String key) {
		StorageService.checkKey( name, key );
		final Path path = root.resolve( key.substring( 0, 2 ) ).resolve( key.substring( 2, 4 ) ).resolve( key );
		if ( !path.normalize().startsWith( root ) ) {
			throw outsideRoot( key, path );
		}
		return path;
	}

	private Path realPathInsideRoot(String key, Path path) throws IOException {
		final Path real = path.toRealPath();
		if ( !real.startsWith( root ) ) {
			throw outsideRoot( key, real );
		}
		return real;
	}

	/**
	 * Creates the shard folders one level at a time, checking each stays inside the root before creating the
	 * next, then a temporary file in them. Retries because something else (an administrator's cleanup of
	 * empty folders) may remove the shard folders between their creation and the creation of the file.
	 */
	private Path createTempFile(String key, Path folder) throws IOException {
		for ( int attempt = 1; ; attempt++ ) {
			try {
				createFolderInsideRoot( key, folder.getParent() );
				return Files.createTempFile( createFolderInsideRoot( key, folder ), ".upload-", ".tmp" );
			}
			catch (NoSuchFileException e) {
				if ( attempt == MAX_ATTEMPTS ) {
					throw e;
				}
			}
		}
	}

	private Path createFolderInsideRoot(String key, Path folder) throws IOException {
		try {
			Files.createDirectory( folder );
		}
		catch (FileAlreadyExistsException e) {
			// Created earlier, or concurrently: checked below like a new one.
		}
		return realPathInsideRoot( key, folder );
	}

	/**
	 * Streams into the temporary file and forces it to the device. Past {@link #FLUSH_EVERY} bytes, a helper
	 * thread forces what was written so far while the writing goes on, so that the final force has only the
	 * tail left to write: the device is busy while the content is still being read (and hashed, which is
	 * usually slower than the disk).
	 */
	private static long copy(InputStream content, Path tmp) throws IOException {
		final byte[] buffer = new byte[BUFFER_SIZE];
		long size = 0;
		try ( FileChannel channel = FileChannel.open( tmp, StandardOpenOption.WRITE ) ) {
			final EarlyFlush flush = new EarlyFlush( channel );
			try {
				int read;
				while ( ( read = content.read( buffer ) ) != -1 ) {
					final ByteBuffer chunk = ByteBuffer.wrap( buffer, 0, read );
					while ( chunk.hasRemaining() ) {
						channel.write( chunk );
					}
					size += read;
					flush.written( size );
				}
			}
			finally {
				flush.stop();
			}
			channel.force( true );
		}
		return size;
	}

	static final long FLUSH_EVERY = 32L * 1024 * 1024;

	/** Forces a growing file to the device in the background, at most one force at a time. */
	private static final class EarlyFlush {
		private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool( task -> {
			final Thread thread = new Thread( task, "hibernate-attachments-disk-flush" );
			thread.setDaemon( true );
			return thread;
		} );

		private final FileChannel channel;
		private long flushedUpTo;
		private java.util.concurrent.Future<?> running;

		EarlyFlush(FileChannel channel) {
			this.channel = channel;
		}

		void written(long size) {
			if ( size - flushedUpTo >= FLUSH_EVERY && ( running == null || running.isDone() ) ) {
				flushedUpTo = size;
				running = THREADS.submit( () -> {
					channel.force( false );
					return null;
				} );
			}
		}

		/** Waits for the force in progress; its failure does not matter, the final force reports any. */
		void stop() {
			if ( running != null ) {
				try {
					running.get();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				catch (java.util.concurrent.ExecutionException ignored) {
					// the caller's own force repeats it
				}
			}
		}
	}

	/**
	 * Makes the complete temporary file visible under its key, refusing an existing key. A hard link is created
	 * atomically and fails if the name is taken (a plain or atomic rename would silently replace it on POSIX).
	 */
	private void publish(String key, Path tmp, Path target) throws IOException {
		try {
			Files.createLink( target, tmp );
		}
		catch (FileAlreadyExistsException e) {
			throw alreadyExists( key );
		}
		catch (UnsupportedOperationException | FileSystemException e) {
			if ( e instanceof FileSystemException && Files.exists( target, LinkOption.NOFOLLOW_LINKS ) ) {
				throw alreadyExists( key );
			}
			LOG.debugf( "Storage service '%s' cannot hard-link in '%s' (%s); publishing '%s' with a rename",
					name, root, e, key );
			try {
				Files.move( tmp, target );
			}
			catch (FileAlreadyExistsException taken) {
				throw alreadyExists( key );
			}
		}
		syncFolderQuietly( target.getParent() );
	}

	/**
	 * Forces the new directory entry to the device, where the platform allows opening a folder (Linux does).
	 */
	private static void syncFolderQuietly(Path folder) {
		try ( FileChannel channel = FileChannel.open( folder, StandardOpenOption.READ ) ) {
			channel.force( true );
		}
		catch (IOException | RuntimeException e) {
			// Not supported here; the file content itself is already forced.
		}
	}

	private void deleteQuietly(Path tmp) {
		if ( tmp == null ) {
			return;
		}
		try {
			Files.deleteIfExists( tmp );
		}
		catch (IOException e) {
			LOG.warnf( "Storage service '%s' could not delete temporary file '%s': %s", name, tmp, e );
		}
	}

	private StorageException alreadyExists(String key) {
		return new StorageException( "Storage service '" + name + "' refuses to overwrite object '" + key
				+ "': an object with this key already exists" );
	}

	private StorageException outsideRoot(String key, Path path) {
		return new StorageException( "Storage service '" + name + "' refuses key '" + key + "': it resolves to '"
				+ path + "', outside the storage root '" + root + "'" );
	}
}
