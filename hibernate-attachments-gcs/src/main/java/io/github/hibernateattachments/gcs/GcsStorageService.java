package io.github.hibernateattachments.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.CRC32C;

import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.ObjectMetadata;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageBatch;
import com.google.cloud.storage.StorageBatchResult;
import org.jboss.logging.Logger;

/**
 * Stores each object in a Google Cloud Storage bucket, under an optional prefix: key {@code abc...} is object
 * {@code <prefix>abc...}.
 * <ul>
 *     <li>{@link #store} streams through the client's resumable writer in chunks (never the whole file in
 *     memory), with a does-not-exist precondition (an existing object is never overwritten), the content type
 *     and content disposition set; CRC32C and MD5 are computed in the same pass and compared with what GCS
 *     reports for the finished object. A failed read of the content leaves the upload unfinished, which GCS
 *     discards: no object appears.</li>
 *     <li>{@link #openStream} streams, from an offset and up to a length for ranged reads.</li>
 *     <li>{@link #delete} is idempotent; {@link #deleteAll} sends batch requests of at most 100 deletes and
 *     retries the parts that failed with a transient status (429, 5xx) with the client's retry settings.</li>
 *     <li>{@link #signedUrl} signs V4 URLs that expire, with the response's content disposition and type forced
 *     through query parameters; objects are never made public.</li>
 *     <li>Transient failures of single requests are retried by the client; permanent ones become a
 *     {@link StorageException} naming the bucket and the key.</li>
 * </ul>
 * Created by {@link GcsStorageServiceFactory} (type {@code gcs}), or directly with a configured client.
 */
public final class GcsStorageService implements StorageService, AutoCloseable {

	private static final Logger LOG = Logger.getLogger( GcsStorageService.class );

	/** GCS refuses batch requests with more parts. */
	public static final int MAX_BATCH = 100;
	/** The longest a V4 signed URL may be valid. */
	public static final Duration MAX_SIGNED_URL_TTL = Duration.ofDays( 7 );

	private static final int BUFFER = 256 * 1024;

	private final String name;
	private final Storage storage;
	private final String bucket;
	private final String prefix;
	private final int chunkSize;
	private final boolean ownsClient;

	/**
	 * @param name the service name, for messages
	 * @param storage the client
	 * @param bucket the bucket that holds the objects
	 * @param prefix prepended to every key ({@code ""} for none), e.g. {@code attachments/}
	 * @param chunkSize bytes per request of a resumable upload (a multiple of 256 KiB); the memory one upload holds
	 * @param ownsClient close the client with this service
	 */
	public GcsStorageService(String name, Storage storage, String bucket, String prefix, int chunkSize, boolean ownsClient) {
		this.name = Objects.requireNonNull( name, "name" );
		this.storage = Objects.requireNonNull( storage, "storage" );
		this.bucket = Objects.requireNonNull( bucket, "bucket" );
		this.prefix = prefix == null ? "" : prefix;
		if ( chunkSize <= 0 || chunkSize % ( 256 * 1024 ) != 0 ) {
			throw new StorageException( "GCS storage service '" + name + "': the chunk size must be a positive multiple of"
					+ " 256 KiB, not " + chunkSize );
		}
		this.chunkSize = chunkSize;
		this.ownsClient = ownsClient;
	}

	@Override
	public String name() {
		return name;
	}

	public String bucket() {
		return bucket;
	}

	public String prefix() {
		return prefix;
	}

	/**
	 * Checks that the bucket exists and that the credentials may read it, so that a wrong setting fails at boot
	 * and not on the first upload.
	 *
	 * @throws StorageException saying which
	 */
	public void checkBucket() {
		final com.google.cloud.storage.Bucket found;
		try {
			found = storage.get( bucket );
		}
		catch (com.google.cloud.storage.StorageException e) {
			throw new StorageException( "GCS storage service '" + name + "' cannot read bucket '" + bucket + "': "
					+ ( e.getCode() == 401 || e.getCode() == 403
							? "the credentials are refused (" + e.getCode() + " " + e.getMessage() + ")"
							: e.getCode() + " " + e.getMessage() ), e );
		}
		if ( found == null ) {
			throw new StorageException( "GCS storage service '" + name + "': bucket '" + bucket + "' does not exist" );
		}
	}

	private BlobId blobId(String key) {
		return BlobId.of( bucket, prefix + StorageService.checkKey( name, key ) );
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		return store( key, content, null );
	}

	@Override
	public StoredObject store(String key, InputStream content, ObjectMetadata metadata) {
		final BlobId id = blobId( key );
		final BlobInfo.Builder info = BlobInfo.newBuilder( id );
		if ( metadata != null ) {
			info.setContentType( metadata.contentType() ).setContentDisposition( metadata.contentDisposition() );
		}
		final CRC32C crc32c = new CRC32C();
		final MessageDigest md5 = md5();
		long size = 0;
		final WriteChannel writer;
		try {
			writer = storage.writer( info.build(), Storage.BlobWriteOption.doesNotExist() );
		}
		catch (com.google.cloud.storage.StorageException e) {
			throw failure( "store", key, e );
		}
		writer.setChunkSize( chunkSize );
		try {
			final byte[] buffer = new byte[BUFFER];
			for ( int n; ( n = content.read( buffer ) ) > 0; ) {
				crc32c.update( buffer, 0, n );
				md5.update( buffer, 0, n );
				size += n;
				final ByteBuffer chunk = ByteBuffer.wrap( buffer, 0, n );
				while ( chunk.hasRemaining() ) {
					writer.write( chunk );
				}
			}
		}
		catch (IOException | RuntimeException e) {
			// the writer is not closed: closing would finish the upload with what was sent so far, while an
			// unfinished resumable upload leaves no object (GCS discards it)
			throw e instanceof StorageException se ? se : failure( "store", key, e );
		}
		try {
			writer.close();
		}
		catch (IOException | RuntimeException e) {
			if ( isPreconditionFailure( e ) ) {
				throw new StorageException( "GCS storage service '" + name + "' refuses to overwrite key '" + key
						+ "': bucket '" + bucket + "' holds an object under it already", e );
			}
			throw failure( "store", key, e );
		}
		final String expectedCrc = Base64.getEncoder().encodeToString( intBytes( (int) crc32c.getValue() ) );
		final String expectedMd5 = Base64.getEncoder().encodeToString( md5.digest() );
		final Blob stored = get( key, id );
		// GCS reports a CRC32C for every object, and an MD5 for those not composed of others; check what it reports
		if ( stored == null || !Objects.equals( stored.getSize(), size )
				|| stored.getCrc32c() != null && !expectedCrc.equals( stored.getCrc32c() )
				|| stored.getMd5() != null && !expectedMd5.equals( stored.getMd5() ) ) {
			final String what = stored == null ? "the object is missing after the upload"
					: "GCS reports " + stored.getSize() + " bytes, CRC32C " + stored.getCrc32c() + ", MD5 " + stored.getMd5()
							+ "; sent " + size + " bytes, CRC32C " + expectedCrc + ", MD5 " + expectedMd5;
			if ( stored != null ) {
				deleteQuietly( id, stored.getGeneration() );
			}
			throw new StorageException( "GCS storage service '" + name + "': checksum mismatch storing key '" + key
					+ "' in bucket '" + bucket + "' (" + what + "); the object was deleted" );
		}
		return new StoredObject( key, size );
	}

	private void deleteQuietly(BlobId id, Long generation) {
		try {
			storage.delete( generation == null ? id : BlobId.of( id.getBucket(), id.getName(), generation ) );
		}
		catch (RuntimeException e) {
			LOG.warnf( e, "Unable to delete damaged object '%s' from bucket '%s'", id.getName(), bucket );
		}
	}

	private static boolean isPreconditionFailure(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof com.google.cloud.BaseServiceException service && service.getCode() == 412 ) {
				return true;
			}
		}
		return false;
	}

	private Blob get(String key, BlobId id) {
		try {
			return storage.get( id );
		}
		catch (com.google.cloud.storage.StorageException e) {
			throw failure( "read the metadata of", key, e );
		}
	}

	@Override
	public InputStream openStream(String key) {
		return openStream( key, 0, -1 );
	}

	@Override
	public InputStream openStream(String key, long offset, long length) {
		final BlobId id = blobId( key );
		if ( offset < 0 ) {
			throw new StorageException( "GCS storage service '" + name + "': negative offset " + offset + " for key '" + key + "'" );
		}
		final Blob blob = get( key, id );
		if ( blob == null ) {
			throw new StorageException( "Unable to read: there is no object '" + key + "' in GCS storage service '" + name
					+ "' (bucket '" + bucket + "')" );
		}
		if ( offset >= blob.getSize() || length == 0 ) {
			return InputStream.nullInputStream();
		}
		// this generation only: a reader never sees another object that replaced it
		final ReadChannel reader = storage.reader( BlobId.of( bucket, id.getName(), blob.getGeneration() ),
				Storage.BlobSourceOption.generationMatch( blob.getGeneration() ) );
		try {
			if ( offset > 0 ) {
				reader.seek( offset );
			}
			if ( length > 0 ) {
				reader.limit( Math.min( blob.getSize(), offset + length ) );
			}
		}
		catch (IOException | RuntimeException e) {
			reader.close();
			throw failure( "read", key, e );
		}
		final InputStream in = Channels.newInputStream( reader );
		return new java.io.FilterInputStream( in ) {
			@Override
			public int read() throws IOException {
				try {
					return super.read();
				}
				catch (RuntimeException e) {
					throw new IOException( failure( "read", key, e ) );
				}
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				try {
					return super.read( b, off, len );
				}
				catch (RuntimeException e) {
					throw new IOException( failure( "read", key, e ) );
				}
			}
		};
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		final Blob blob = get( key, blobId( key ) );
		return blob == null ? Optional.empty() : Optional.of( new StoredObject( key, blob.getSize() == null ? 0 : blob.getSize() ) );
	}

	@Override
	public void delete(String key) {
		final BlobId id = blobId( key );
		try {
			storage.delete( id ); // false if it is gone already: success
		}
		catch (com.google.cloud.storage.StorageException e) {
			throw failure( "delete", key, e );
		}
	}

	/**
	 * Deletes in batch requests of at most {@value #MAX_BATCH} parts. A part that fails with a transient status
	 * (429, 5xx) is sent again in the next round, after the client's retry delay, up to its maximum attempts;
	 * an object already gone counts as deleted.
	 */
	@Override
	public Map<String, StorageException> deleteAll(Collection<String> keys) {
		final Map<String, StorageException> failures = new LinkedHashMap<>();
		List<String> pending = new ArrayList<>( new java.util.LinkedHashSet<>( keys ) );
		for ( String key : pending ) {
			blobId( key ); // invalid keys fail before any request
		}
		final RetrySettings retry = storage.getOptions().getRetrySettings();
		final int attempts = Math.max( 1, retry.getMaxAttempts() );
		Duration delay = Duration.ofMillis( retry.getInitialRetryDelayDuration().toMillis() );
		for ( int attempt = 1; !pending.isEmpty(); attempt++ ) {
			final List<String> retryable = new ArrayList<>();
			for ( int from = 0; from < pending.size(); from += MAX_BATCH ) {
				final List<String> chunk = pending.subList( from, Math.min( pending.size(), from + MAX_BATCH ) );
				deleteBatch( chunk, failures, retryable, attempt < attempts );
			}
			if ( retryable.isEmpty() ) {
				break;
			}
			sleep( delay );
			delay = Duration.ofMillis( Math.min( retry.getMaxRetryDelayDuration().toMillis(),
					(long) ( delay.toMillis() * retry.getRetryDelayMultiplier() ) ) );
			pending = retryable;
		}
		return failures;
	}

	private void deleteBatch(List<String> keys, Map<String, StorageException> failures, List<String> retryable,
			boolean mayRetry) {
		final StorageBatch batch = storage.batch();
		final Map<String, StorageBatchResult<Boolean>> results = new LinkedHashMap<>();
		for ( String key : keys ) {
			results.put( key, batch.delete( blobId( key ) ) );
		}
		try {
			batch.submit();
		}
		catch (com.google.cloud.storage.StorageException e) {
			// the whole batch request failed (after the client's own retries)
			for ( String key : keys ) {
				if ( mayRetry && e.isRetryable() ) {
					retryable.add( key );
				}
				else {
					failures.put( key, failure( "delete", key, e ) );
				}
			}
			return;
		}
		results.forEach( (key, result) -> {
			try {
				result.get(); // true, or false when it was gone already
				failures.remove( key );
			}
			catch (com.google.cloud.storage.StorageException e) {
				if ( e.getCode() == 404 ) {
					failures.remove( key );
				}
				else if ( mayRetry && ( e.getCode() == 429 || e.getCode() >= 500 || e.isRetryable() ) ) {
					retryable.add( key );
				}
				else {
					failures.put( key, failure( "delete", key, e ) );
				}
			}
		} );
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep( delay.toMillis() );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new StorageException( "Interrupted while retrying deletes", e );
		}
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl) {
		return signedUrl( key, ttl, null, null );
	}

	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition) {
		return signedUrl( key, ttl, contentDisposition, null );
	}

	/**
	 * A V4 signed URL valid for {@code ttl} (at most 7 days). The response carries {@code contentDisposition} and
	 * the metadata's content type ({@code response-content-disposition}, {@code response-content-type}), whatever
	 * the object's own metadata says. The client's credentials must be able to sign (a service account).
	 */
	@Override
	public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition, ObjectMetadata metadata) {
		final BlobId id = blobId( key );
		if ( ttl.isNegative() || ttl.isZero() || ttl.compareTo( MAX_SIGNED_URL_TTL ) > 0 ) {
			throw new StorageException( "GCS storage service '" + name + "': a signed URL must expire within 7 days, not " + ttl );
		}
		final Map<String, String> query = new LinkedHashMap<>();
		if ( contentDisposition != null ) {
			query.put( "response-content-disposition", contentDisposition );
		}
		if ( metadata != null ) {
			query.put( "response-content-type", metadata.contentType() );
		}
		try {
			final java.net.URL url = storage.signUrl( BlobInfo.newBuilder( id ).build(), ttl.toSeconds(), TimeUnit.SECONDS,
					Storage.SignUrlOption.withV4Signature(), Storage.SignUrlOption.withQueryParams( query ) );
			return Optional.of( url.toURI() );
		}
		catch (IllegalStateException | com.google.cloud.storage.StorageException e) {
			throw new StorageException( "GCS storage service '" + name + "' cannot sign a URL for key '" + key + "': "
					+ e.getMessage() + " (signing needs service-account credentials)", e );
		}
		catch (URISyntaxException e) {
			throw new StorageException( "GCS storage service '" + name + "': invalid signed URL: " + e.getMessage(), e );
		}
	}

	/** Pages through the bucket under the prefix; objects whose names are not keys are left out. */
	@Override
	public Stream<ListedObject> list() {
		final Iterable<Blob> blobs;
		try {
			blobs = storage.list( bucket, Storage.BlobListOption.prefix( prefix ) ).iterateAll();
		}
		catch (com.google.cloud.storage.StorageException e) {
			throw new StorageException( "GCS storage service '" + name + "' cannot list bucket '" + bucket + "': "
					+ e.getCode() + " " + e.getMessage(), e );
		}
		return StreamSupport.stream( blobs.spliterator(), false )
				.filter( blob -> blob.getName().startsWith( prefix )
						&& StorageService.isValidKey( blob.getName().substring( prefix.length() ) ) )
				.map( blob -> new ListedObject( blob.getName().substring( prefix.length() ), blob.getSize(),
						blob.getUpdateTimeOffsetDateTime() == null ? Instant.EPOCH : blob.getUpdateTimeOffsetDateTime().toInstant() ) );
	}

	private StorageException failure(String operation, String key, Throwable e) {
		final String status = e instanceof com.google.cloud.BaseServiceException service ? service.getCode() + " " : "";
		return new StorageException( "GCS storage service '" + name + "' failed to " + operation + " key '" + key
				+ "' in bucket '" + bucket + "': " + status + e.getMessage(), e );
	}

	private static MessageDigest md5() {
		try {
			return MessageDigest.getInstance( "MD5" );
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException( e );
		}
	}

	private static byte[] intBytes(int value) {
		return new byte[] { (byte) ( value >>> 24 ), (byte) ( value >>> 16 ), (byte) ( value >>> 8 ), (byte) value };
	}

	@Override
	public void close() throws Exception {
		if ( ownsClient ) {
			storage.close();
		}
	}

	@Override
	public String toString() {
		return "GcsStorageService[" + name + ": gs://" + bucket + "/" + prefix + "]";
	}
}
