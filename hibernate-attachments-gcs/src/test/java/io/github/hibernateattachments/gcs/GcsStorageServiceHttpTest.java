package io.github.hibernateattachments.gcs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.hibernateattachments.spi.ObjectMetadata;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContractTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The storage contract, then what GCS adds, against the real client talking HTTP to {@link FakeGcsServer}: batch
 * deletes, retries, preconditions, resumable uploads that survive a dropped connection, checksum verification.
 */
class GcsStorageServiceHttpTest extends StorageServiceContractTest {

	private static final String BUCKET = "attachments-bucket";
	private static FakeGcsServer gcs;

	@BeforeAll
	static void startFake() {
		gcs = FakeGcsServer.start();
		gcs.createBucket( BUCKET );
	}

	@AfterAll
	static void stopFake() {
		gcs.close();
	}

	@BeforeEach
	void resetFake() {
		gcs.clearFaults();
		gcs.resetCounts();
	}

	@Override
	protected StorageService createStorage(Path tempDir) {
		return new GcsStorageService( "gcs", gcs.client(), BUCKET, "app/", 256 * 1024, false );
	}

	private GcsStorageService gcsStorage() {
		return (GcsStorageService) storage;
	}

	private static byte[] random(int size) {
		final byte[] bytes = new byte[size];
		new Random( size ).nextBytes( bytes );
		return bytes;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex( MessageDigest.getInstance( "SHA-256" ).digest( bytes ) );
	}

	@Test
	void objects_live_under_the_prefix_with_content_type_and_disposition() throws IOException {
		final String key = randomKey();
		storage.store( key, bytes( "<svg/>" ), new ObjectMetadata( "logo.svg", "image/svg+xml",
				"attachment; filename=\"logo.svg\"; filename*=UTF-8''logo.svg" ) );

		assertThat( gcs.objectNames( BUCKET ) ).contains( "app/" + key );
		final Map<String, String> metadata = gcs.metadata( BUCKET, "app/" + key );
		assertThat( metadata ).containsEntry( "contentType", "image/svg+xml" )
				.containsEntry( "contentDisposition", "attachment; filename=\"logo.svg\"; filename*=UTF-8''logo.svg" );
	}

	@Test
	void deleting_250_objects_takes_3_batch_requests() {
		final List<String> keys = new ArrayList<>();
		for ( int i = 0; i < 250; i++ ) {
			final String key = randomKey();
			gcs.putObject( BUCKET, "app/" + key, new byte[] { (byte) i } );
			keys.add( key );
		}
		gcs.resetCounts();

		assertThat( storage.deleteAll( keys ) ).isEmpty();

		assertThat( gcs.requestCount( FakeGcsServer.BATCH ) ).isEqualTo( 3 );
		assertThat( gcs.requestCount( FakeGcsServer.DELETE ) ).isZero();
		assertThat( gcs.objectNames( BUCKET ) ).noneMatch( name -> keys.contains( name.substring( "app/".length() ) ) );
	}

	@Test
	void a_503_for_part_of_a_batch_is_retried_and_objects_already_gone_count_as_deleted() {
		final List<String> keys = new ArrayList<>();
		for ( int i = 0; i < 5; i++ ) {
			final String key = randomKey();
			gcs.putObject( BUCKET, "app/" + key, new byte[] { 1 } );
			keys.add( key );
		}
		keys.add( randomKey() ); // never stored: a retried outbox delete racing with itself
		gcs.failNext( FakeGcsServer.BATCH_PART, 503, 2 );

		assertThat( storage.deleteAll( keys ) ).isEmpty();

		assertThat( gcs.requestCount( FakeGcsServer.BATCH ) ).isEqualTo( 2 );
		assertThat( gcs.objectNames( BUCKET ) ).noneMatch( name -> keys.contains( name.substring( "app/".length() ) ) );
	}

	@Test
	void a_part_that_keeps_failing_is_reported_with_bucket_and_key() {
		final String key = randomKey();
		gcs.putObject( BUCKET, "app/" + key, new byte[] { 1 } );
		gcs.failNext( FakeGcsServer.BATCH_PART, 403, 1 );

		final Map<String, StorageException> failures = storage.deleteAll( List.of( key ) );

		assertThat( failures ).containsOnlyKeys( key );
		assertThat( failures.get( key ) ).hasMessageStartingWith( "GCS storage service 'gcs' failed to delete key '" + key
				+ "' in bucket 'attachments-bucket': 403 " );
		assertThat( gcs.objectNames( BUCKET ) ).contains( "app/" + key );
	}

	@Test
	void a_resumable_upload_of_50_mib_survives_a_dropped_connection_in_a_chunk() throws Exception {
		final GcsStorageService big = new GcsStorageService( "gcs", gcs.client(), BUCKET, "app/", 8 * 1024 * 1024, false );
		final byte[] content = random( 50 * 1024 * 1024 );
		final String key = randomKey();
		gcs.dropConnectionNext( FakeGcsServer.RESUMABLE_CHUNK );

		assertThat( big.store( key, new ByteArrayInputStream( content ) ).byteSize() ).isEqualTo( content.length );

		assertThat( sha256( gcs.content( BUCKET, "app/" + key ) ) ).isEqualTo( sha256( content ) );
		assertThat( gcs.requestCount( FakeGcsServer.RESUMABLE_CHUNK ) ).isGreaterThan( 50 / 8 ); // one was sent twice
	}

	@Test
	void a_checksum_mismatch_is_detected_and_the_object_deleted() {
		final String key = randomKey();
		gcs.corruptNextUpload();

		assertThatThrownBy( () -> storage.store( key, bytes( "some content" ) ) )
				.isInstanceOf( StorageException.class )
				.hasMessageStartingWith( "GCS storage service 'gcs': checksum mismatch storing key '" + key
						+ "' in bucket 'attachments-bucket'" )
				.hasMessageEndingWith( "; the object was deleted" );
		assertThat( gcs.objectNames( BUCKET ) ).doesNotContain( "app/" + key );
	}

	@Test
	void a_store_whose_content_fails_midway_leaves_no_object() {
		final String key = randomKey();
		final InputStream failing = new InputStream() {
			private int sent;

			@Override
			public int read() throws IOException {
				if ( sent++ > 600_000 ) {
					throw new IOException( "connection reset by the client" );
				}
				return 'x';
			}
		};

		assertThatThrownBy( () -> storage.store( key, failing ) ).isInstanceOf( StorageException.class );
		assertThat( gcs.objectNames( BUCKET ) ).doesNotContain( "app/" + key );
	}

	@Test
	void transient_errors_of_single_requests_are_retried_by_the_client() throws IOException {
		final String key = randomKey();
		storage.store( key, bytes( "retried" ) );
		gcs.failNext( FakeGcsServer.GET, 503, 2 );
		gcs.failNext( FakeGcsServer.MEDIA, 503, 1 );

		assertThat( read( storage, key ) ).isEqualTo( "retried" );
	}

	@Test
	void a_permanent_error_names_bucket_and_key() {
		final String key = randomKey();
		gcs.failNext( FakeGcsServer.GET, 403, 1 );

		assertThatThrownBy( () -> storage.stat( key ) )
				.isInstanceOf( StorageException.class )
				.hasMessageStartingWith( "GCS storage service 'gcs' failed to read the metadata of key '" + key
						+ "' in bucket 'attachments-bucket': 403 " );
	}

	@Test
	void listing_pages_through_the_prefix_and_leaves_out_foreign_objects() {
		final List<String> keys = new ArrayList<>();
		for ( int i = 0; i < 7; i++ ) {
			final String key = randomKey();
			storage.store( key, bytes( "x" + i ) );
			keys.add( key );
		}
		gcs.putObject( BUCKET, "app/not a key", new byte[] { 1 } );
		gcs.putObject( BUCKET, "elsewhere/" + randomKey(), new byte[] { 1 } );

		assertThat( storage.list().map( o -> o.key() ).toList() ).containsAll( keys )
				.allMatch( StorageService::isValidKey );
	}

	@Test
	void a_missing_bucket_fails_the_check_at_boot() {
		final GcsStorageService missing = new GcsStorageService( "gcs", gcs.client(), "no-such-bucket", "", 256 * 1024, false );

		assertThatThrownBy( missing::checkBucket ).isInstanceOf( StorageException.class )
				.hasMessage( "GCS storage service 'gcs': bucket 'no-such-bucket' does not exist" );
	}

	@Test
	void refused_credentials_fail_the_check_at_boot() {
		gcs.failNext( FakeGcsServer.BUCKET_GET, 403, 1 );

		assertThatThrownBy( gcsStorage()::checkBucket ).isInstanceOf( StorageException.class )
				.hasMessageStartingWith( "GCS storage service 'gcs' cannot read bucket 'attachments-bucket': the credentials"
						+ " are refused (403 " );
	}
}
