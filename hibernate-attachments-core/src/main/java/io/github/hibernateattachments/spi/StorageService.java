package io.github.hibernateattachments.spi;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A place where attachment files live: the local disk, a bucket, memory.
 * <p>
 * The extension owns the keys: they are random, unguessable strings of ASCII letters and digits that it
 * generates (see {@link #isValidKey(String)}). A backend must reject any other key with a
 * {@link StorageException} before touching the store, and must never let a key address anything outside the
 * place it manages.
 * <p>
 * Contract, checked for every implementation by the shared {@code StorageServiceContractTest}:
 * <ul>
 *     <li>{@link #store} reads the stream once, to its end, without holding the whole content in memory
 *     (in-memory storage excepted), and makes the object visible under its key only once it is complete:
 *     a reader never sees a partial object, and a failed store leaves nothing behind.</li>
 *     <li>{@link #store} refuses to overwrite an existing key.</li>
 *     <li>{@link #delete} is idempotent: deleting a missing key succeeds.</li>
 *     <li>All methods are safe to call from several threads at once.</li>
 * </ul>
 */
public interface StorageService {

	/**
	 * @return this backend's name, for its own messages. The extension identifies a service by the name it is
	 * configured under ({@code hibernate.attachments.services.<name>}), which is what blob rows record; for a
	 * service created by a {@link StorageServiceFactory} both are the same.
	 */
	String name();

	/**
	 * Streams {@code content} into a new object under {@code key}. The caller closes the stream.
	 *
	 * @return what was stored; its {@code byteSize} is the number of bytes the backend wrote
	 * @throws StorageException if the key is invalid or taken, or the write fails; nothing is left behind
	 */
	StoredObject store(String key, InputStream content);

	/**
	 * Streams {@code content} into a new object under {@code key}, with what the extension knows about it, for
	 * backends that keep object metadata (content type, a file name for downloads). The default ignores
	 * {@code metadata} and calls {@link #store(String, InputStream)}.
	 *
	 * @return what was stored; its {@code byteSize} is the number of bytes the backend wrote
	 * @throws StorageException if the key is invalid or taken, or the write fails; nothing is left behind
	 */
	default StoredObject store(String key, InputStream content, ObjectMetadata metadata) {
		return store( key, content );
	}

	/**
	 * @return a stream over the object's bytes, which the caller must close
	 * @throws StorageException if there is no such object or it cannot be read
	 */
	InputStream openStream(String key);

	/**
	 * A stream over part of the object: {@code length} bytes from {@code offset} (fewer where the object ends
	 * first), or everything from {@code offset} when {@code length} is negative; for HTTP range requests. Backends
	 * that can read a range without reading what comes before override it; the default skips.
	 *
	 * @throws StorageException if there is no such object, or {@code offset} is negative
	 */
	default InputStream openStream(String key, long offset, long length) {
		if ( offset < 0 ) {
			throw new StorageException( "Storage service '" + name() + "': negative offset " + offset + " for key '" + key + "'" );
		}
		final InputStream in = openStream( key );
		try {
			long skipped = 0;
			while ( skipped < offset ) {
				final long n = in.skip( offset - skipped );
				if ( n <= 0 ) {
					if ( in.read() < 0 ) {
						break;
					}
					skipped++;
				}
				else {
					skipped += n;
				}
			}
		}
		catch (java.io.IOException | RuntimeException e) {
			try {
				in.close();
			}
			catch (java.io.IOException closeFailure) {
				e.addSuppressed( closeFailure );
			}
			throw e instanceof StorageException se ? se
					: new StorageException( "Storage service '" + name() + "' cannot read key '" + key + "': " + e.getMessage(), e );
		}
		return length < 0 ? in : new BoundedInputStream( in, length );
	}

	/**
	 * @return what the backend holds under {@code key}, or empty if there is no such object
	 */
	Optional<StoredObject> stat(String key);

	/**
	 * @return {@code true} if an object is stored under {@code key}
	 */
	default boolean exists(String key) {
		return stat( key ).isPresent();
	}

	/**
	 * Deletes the object under {@code key}; succeeds if there is none.
	 *
	 * @throws StorageException if the object exists and could not be deleted
	 */
	void delete(String key);

	/**
	 * Deletes several objects. Backends with a batch API override this; the default deletes one by one.
	 *
	 * @return the keys that could not be deleted, each with its failure; empty if all went
	 */
	default Map<String, StorageException> deleteAll(Collection<String> keys) {
		final Map<String, StorageException> failures = new LinkedHashMap<>();
		for ( String key : keys ) {
			try {
				delete( key );
			}
			catch (StorageException e) {
				failures.put( key, e );
			}
		}
		return failures;
	}

	/**
	 * A URL that grants read access to the object for {@code ttl}, for backends that can sign one.
	 *
	 * @return the URL, or empty if this backend cannot sign URLs
	 */
	default Optional<URI> signedUrl(String key, Duration ttl) {
		return Optional.empty();
	}

	/**
	 * A URL that grants read access to the object for {@code ttl} and makes the response carry
	 * {@code contentDisposition} as its {@code Content-Disposition} header: {@code attachment; ...} for content
	 * types that are unsafe to render inline (HTML, SVG, scripts), so that a browser downloads them instead of
	 * rendering them from the URL's origin. A backend that signs URLs should override this method and force the
	 * header (Google Cloud Storage: the {@code response-content-disposition} query parameter); the default
	 * delegates to {@link #signedUrl(String, Duration)}, which cannot.
	 *
	 * @return the URL, or empty if this backend cannot sign URLs
	 */
	default Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition) {
		return signedUrl( key, ttl );
	}

	/**
	 * A URL that grants read access to the object for {@code ttl}, whose response carries
	 * {@code contentDisposition} and, where the backend can set it, the content type of {@code metadata}. This is
	 * the method the extension calls; the default delegates to {@link #signedUrl(String, Duration, String)}.
	 *
	 * @return the URL, or empty if this backend cannot sign URLs
	 */
	default Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition, ObjectMetadata metadata) {
		return signedUrl( key, ttl, contentDisposition );
	}

	/**
	 * Lists every object of this storage, for reconciliation (finding files that no blob row describes).
	 * Objects whose name is not a {@linkplain #isValidKey(String) valid key} (temporary files, foreign files)
	 * are left out. The caller closes the stream.
	 *
	 * @throws StorageException if this backend cannot list its objects (the default)
	 */
	default Stream<ListedObject> list() {
		throw new StorageException( "Storage service '" + name() + "' cannot list its objects, which reconciliation needs" );
	}

	/**
	 * The key format the extension generates, and the only one backends accept: 16 to 128 characters,
	 * ASCII letters and digits only. Keys in this format can never name a path outside a folder.
	 */
	static boolean isValidKey(String key) {
		if ( key == null || key.length() < 16 || key.length() > 128 ) {
			return false;
		}
		for ( int i = 0; i < key.length(); i++ ) {
			final char c = key.charAt( i );
			final boolean ok = ( c >= 'a' && c <= 'z' ) || ( c >= 'A' && c <= 'Z' ) || ( c >= '0' && c <= '9' );
			if ( !ok ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * @throws StorageException naming the service if {@code key} is not {@linkplain #isValidKey(String) valid}
	 */
	static String checkKey(String serviceName, String key) {
		if ( !isValidKey( key ) ) {
			throw new StorageException( "Storage service '" + serviceName + "' refuses key '" + key
					+ "': keys are 16 to 128 ASCII letters and digits, as generated by hibernate-attachments" );
		}
		return key;
	}
}
