package io.github.hibernateattachments.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageBatch;
import com.google.cloud.storage.StorageBatchResult;
import com.google.cloud.storage.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Exercises {@link FakeGcsServer} through the real {@code google-cloud-storage} client (HTTP/JSON).
 */
class FakeGcsServerTest {

	private static final String BUCKET = "bkt";
	private static final int CHUNK_SIZE = 256 * 1024;
	private static final int FIVE_MIB = 5 * 1024 * 1024;

	private FakeGcsServer fake;
	private Storage storage;

	@BeforeEach
	void start() {
		fake = FakeGcsServer.start();
		fake.createBucket( BUCKET );
		storage = fake.client();
	}

	@AfterEach
	void stop() throws Exception {
		if ( storage != null ) {
			storage.close();
		}
		fake.close();
	}

	@Test
	void bucketExistsOrNot() {
		Bucket bucket = storage.get( BUCKET );
		assertThat( bucket ).isNotNull();
		assertThat( bucket.getName() ).isEqualTo( BUCKET );
		assertThat( storage.get( "missing-bucket" ) ).isNull();
		assertThat( fake.requestCount( FakeGcsServer.BUCKET_GET ) ).isEqualTo( 2 );
		assertThat( fake.requestLog() ).containsExactly(
				"GET /storage/v1/b/bkt -> 200",
				"GET /storage/v1/b/missing-bucket -> 404"
		);

		assertThat( storage.create( BucketInfo.of( "created" ) ).getName() ).isEqualTo( "created" );
		assertThat( storage.get( "created" ) ).isNotNull();
		assertThat( fake.requestCount( FakeGcsServer.BUCKET_INSERT ) ).isEqualTo( 1 );
	}

	@Test
	void smallCreateGetAndRead() throws Exception {
		byte[] data = "hello, attachments".getBytes( StandardCharsets.UTF_8 );
		BlobInfo info = BlobInfo.newBuilder( BUCKET, "dir/hello world+1.txt" )
				.setContentType( "text/plain" )
				.setContentDisposition( "attachment; filename=\"hello.txt\"" )
				.build();
		Blob created = storage.create( info, data, BlobTargetOption.doesNotExist() );

		assertThat( created.getSize() ).isEqualTo( data.length );
		assertThat( created.getGeneration() ).isPositive();
		assertThat( created.getMd5() ).isEqualTo( md5( data ) );
		assertThat( created.getCrc32c() ).isEqualTo( crc32c( data ) );
		assertThat( fake.requestCount( FakeGcsServer.INSERT ) ).isEqualTo( 1 );
		assertThat( fake.content( BUCKET, "dir/hello world+1.txt" ) ).isEqualTo( data );
		assertThat( fake.metadata( BUCKET, "dir/hello world+1.txt" ) )
				.containsEntry( "contentType", "text/plain" )
				.containsEntry( "contentDisposition", "attachment; filename=\"hello.txt\"" );

		Blob fetched = storage.get( info.getBlobId() );
		assertThat( fetched ).isNotNull();
		assertThat( fetched.getName() ).isEqualTo( "dir/hello world+1.txt" );
		assertThat( fetched.getContentType() ).isEqualTo( "text/plain" );
		assertThat( fetched.getContentDisposition() ).isEqualTo( "attachment; filename=\"hello.txt\"" );
		assertThat( fetched.getGeneration() ).isEqualTo( created.getGeneration() );
		assertThat( fetched.getCreateTimeOffsetDateTime() ).isNotNull();
		assertThat( storage.get( BlobId.of( BUCKET, "nope" ) ) ).isNull();
		assertThat( fake.requestCount( FakeGcsServer.GET ) ).isEqualTo( 2 );

		assertThat( storage.readAllBytes( info.getBlobId() ) ).isEqualTo( data );
		assertThat( fake.requestCount( FakeGcsServer.MEDIA ) ).isEqualTo( 1 );
	}

	@Test
	void resumableUploadOfFiveMibRoundTrips() throws Exception {
		byte[] data = randomBytes( FIVE_MIB, 1 );
		upload( "big.bin", data, null );

		assertThat( fake.content( BUCKET, "big.bin" ) ).isEqualTo( data );
		assertThat( fake.requestCount( FakeGcsServer.RESUMABLE_START ) ).isEqualTo( 1 );
		// 20 full chunks sent as "bytes a-b/*", then an empty "bytes */5242880" that finalizes
		assertThat( fake.requestCount( FakeGcsServer.RESUMABLE_CHUNK ) ).isEqualTo( FIVE_MIB / CHUNK_SIZE + 1 );
		assertThat( fake.requestLog() ).endsWith( "PUT /upload/storage/v1/b/bkt/o -> 308",
				"PUT /upload/storage/v1/b/bkt/o -> 200" );
		Blob blob = storage.get( BlobId.of( BUCKET, "big.bin" ) );
		assertThat( blob.getSize() ).isEqualTo( FIVE_MIB );
		assertThat( blob.getMd5() ).isEqualTo( md5( data ) );
		assertThat( blob.getCrc32c() ).isEqualTo( crc32c( data ) );
		assertThat( storage.readAllBytes( blob.getBlobId() ) ).isEqualTo( data );
	}

	@Test
	void doesNotExistOnAnExistingNameIsRejectedWhenTheSessionStarts() {
		fake.putObject( BUCKET, "taken", new byte[] { 1 } );

		Throwable thrown = catchThrowable( () -> storage.writer(
				BlobInfo.newBuilder( BUCKET, "taken" ).build(),
				BlobWriteOption.doesNotExist()
		) );

		assertThat( thrown ).isInstanceOf( StorageException.class );
		assertThat( ( (StorageException) thrown ).getCode() ).isEqualTo( 412 );
		assertThat( fake.requestCount( FakeGcsServer.RESUMABLE_START ) ).isEqualTo( 1 );
		assertThat( fake.content( BUCKET, "taken" ) ).containsExactly( 1 );

		assertThatThrownBy( () -> storage.create( BlobInfo.newBuilder( BUCKET, "taken" ).build(), new byte[] { 2 },
				BlobTargetOption.doesNotExist() ) )
				.isInstanceOfSatisfying( StorageException.class, e -> assertThat( e.getCode() ).isEqualTo( 412 ) );
	}

	@Test
	void doesNotExistOnANameTakenDuringTheUploadIsRejectedWhenFinalizing() throws Exception {
		byte[] data = randomBytes( 3 * CHUNK_SIZE + 10, 2 );
		WriteChannel writer = storage.writer( BlobInfo.newBuilder( BUCKET, "raced" ).build(),
				BlobWriteOption.doesNotExist() );
		writer.setChunkSize( CHUNK_SIZE );
		writer.write( ByteBuffer.wrap( data ) );
		fake.putObject( BUCKET, "raced", new byte[] { 7 } );

		Throwable thrown = catchThrowable( writer::close );

		assertThat( storageException( thrown ).getCode() ).isEqualTo( 412 );
		assertThat( fake.content( BUCKET, "raced" ) ).containsExactly( 7 );
	}

	@Test
	void preconditionsCanBeCheckedOnlyWhenFinalizing() throws Exception {
		fake.putObject( BUCKET, "taken", new byte[] { 1 } );
		fake.checkResumablePreconditionsAtStart( false );

		WriteChannel writer = storage.writer( BlobInfo.newBuilder( BUCKET, "taken" ).build(),
				BlobWriteOption.doesNotExist() );
		writer.write( ByteBuffer.wrap( new byte[] { 2, 3 } ) );
		Throwable thrown = catchThrowable( writer::close );

		assertThat( thrown ).isInstanceOfSatisfying( StorageException.class,
				e -> assertThat( e.getCode() ).isEqualTo( 412 ) );
		assertThat( fake.content( BUCKET, "taken" ) ).containsExactly( 1 );
		assertThat( fake.requestLog() ).endsWith( "PUT /upload/storage/v1/b/bkt/o -> 412" );
	}

	@Test
	void droppedConnectionDuringAResumableChunkIsRecovered() throws Exception {
		byte[] data = randomBytes( FIVE_MIB, 3 );
		upload( "dropped.bin", data, server -> server.dropConnectionNext( FakeGcsServer.RESUMABLE_CHUNK ) );

		// the client sees an I/O error, asks the session for its state ("bytes */*" -> 308 Range: bytes=0-1048575)
		// and sends the lost chunk again
		assertThat( fake.content( BUCKET, "dropped.bin" ) ).isEqualTo( data );
		assertThat( fake.requestLog() ).containsSubsequence(
				"PUT /upload/storage/v1/b/bkt/o -> dropped (injected)",
				"PUT /upload/storage/v1/b/bkt/o -> 308",
				"PUT /upload/storage/v1/b/bkt/o -> 308"
		);
		assertThat( fake.requestCount( FakeGcsServer.RESUMABLE_CHUNK ) ).isGreaterThan( FIVE_MIB / CHUNK_SIZE + 1 );
		assertThat( storage.get( BlobId.of( BUCKET, "dropped.bin" ) ).getMd5() ).isEqualTo( md5( data ) );
	}

	@Test
	void lostResponseOfAPersistedResumableChunkIsRecovered() throws Exception {
		byte[] data = randomBytes( FIVE_MIB, 4 );
		upload( "lost.bin", data, server -> server.dropResponseNext( FakeGcsServer.RESUMABLE_CHUNK ) );

		assertThat( fake.content( BUCKET, "lost.bin" ) ).isEqualTo( data );
		assertThat( fake.requestCount( FakeGcsServer.RESUMABLE_CHUNK ) ).isGreaterThan( FIVE_MIB / CHUNK_SIZE + 1 );
	}

	@Test
	void failedResumableChunkIsRetried() throws Exception {
		byte[] data = randomBytes( FIVE_MIB, 5 );
		upload( "failed.bin", data, server -> server.failNext( FakeGcsServer.RESUMABLE_CHUNK, 503, 1 ) );

		assertThat( fake.content( BUCKET, "failed.bin" ) ).isEqualTo( data );
		assertThat( fake.requestLog() ).anyMatch( line -> line.endsWith( "-> 503 (injected)" ) );
		assertThat( fake.requestCount( FakeGcsServer.RESUMABLE_CHUNK ) ).isGreaterThan( FIVE_MIB / CHUNK_SIZE + 1 );
	}

	@Test
	void deleteReportsWhetherTheObjectExisted() {
		fake.putObject( BUCKET, "a/b", new byte[] { 1, 2 } );

		assertThat( storage.delete( BlobId.of( BUCKET, "a/b" ) ) ).isTrue();
		assertThat( storage.delete( BlobId.of( BUCKET, "a/b" ) ) ).isFalse();
		assertThat( fake.objectNames( BUCKET ) ).isEmpty();
		assertThat( fake.requestCount( FakeGcsServer.DELETE ) ).isEqualTo( 2 );
		assertThat( fake.requestLog() ).containsExactly(
				"DELETE /storage/v1/b/bkt/o/a%2Fb -> 204",
				"DELETE /storage/v1/b/bkt/o/a%2Fb -> 404"
		);
	}

	@Test
	void batchOf250DeletesTakesThreeRequests() {
		List<BlobId> ids = new ArrayList<>();
		for ( int i = 0; i < 250; i++ ) {
			String name = String.format( "batch/%03d", i );
			fake.putObject( BUCKET, name, new byte[] { (byte) i } );
			ids.add( BlobId.of( BUCKET, name ) );
		}

		StorageBatch batch = storage.batch();
		List<StorageBatchResult<Boolean>> results = new ArrayList<>();
		for ( BlobId id : ids ) {
			results.add( batch.delete( id ) );
		}
		batch.submit();

		assertThat( results ).allSatisfy( result -> assertThat( result.get() ).isTrue() );
		assertThat( fake.requestCount( FakeGcsServer.BATCH ) ).isEqualTo( 3 );
		assertThat( fake.requestCount( FakeGcsServer.BATCH_PART ) ).isEqualTo( 250 );
		assertThat( fake.requestCount( FakeGcsServer.DELETE ) ).isZero();
		assertThat( fake.objectNames( BUCKET ) ).isEmpty();
	}

	@Test
	void batchWithMoreThan100PartsIsRejected() throws Exception {
		StringBuilder body = new StringBuilder();
		for ( int i = 0; i < 101; i++ ) {
			body.append( "--b\r\nContent-Type: application/http\r\nContent-ID: <" ).append( i ).append( ">\r\n\r\n" )
					.append( "DELETE " ).append( fake.endpoint() ).append( "/storage/v1/b/bkt/o/x" ).append( i )
					.append( " HTTP/1.1\r\n\r\n\r\n" );
		}
		body.append( "--b--\r\n" );
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder( URI.create( fake.endpoint() + "/batch/storage/v1" ) )
						.header( "Content-Type", "multipart/mixed; boundary=b" )
						.POST( HttpRequest.BodyPublishers.ofString( body.toString() ) )
						.build(),
				HttpResponse.BodyHandlers.ofString()
		);

		assertThat( response.statusCode() ).isEqualTo( 400 );
		assertThat( response.body() ).contains( "\"code\":400" );
		assertThat( fake.requestCount( FakeGcsServer.BATCH_PART ) ).isZero();
	}

	@Test
	void batchPartFailuresSurfacePerResult() {
		fake.putObject( BUCKET, "one", new byte[] { 1 } );
		fake.putObject( BUCKET, "three", new byte[] { 3 } );
		fake.failNext( FakeGcsServer.BATCH_PART, 503, 1 );

		StorageBatch batch = storage.batch();
		StorageBatchResult<Boolean> one = batch.delete( BlobId.of( BUCKET, "one" ) );
		StorageBatchResult<Boolean> two = batch.delete( BlobId.of( BUCKET, "two" ) );
		StorageBatchResult<Boolean> three = batch.delete( BlobId.of( BUCKET, "three" ) );
		batch.submit();

		assertThatThrownBy( one::get )
				.isInstanceOfSatisfying( StorageException.class, e -> assertThat( e.getCode() ).isEqualTo( 503 ) );
		assertThat( two.get() ).isFalse();
		assertThat( three.get() ).isTrue();
		// the failed part is not retried by the client
		assertThat( fake.requestCount( FakeGcsServer.BATCH ) ).isEqualTo( 1 );
		assertThat( fake.requestCount( FakeGcsServer.BATCH_PART ) ).isEqualTo( 3 );
		assertThat( fake.objectNames( BUCKET ) ).containsExactly( "one" );
	}

	@Test
	void deleteOfSeveralBlobsReportsAFailedPartAsFalse() {
		fake.putObject( BUCKET, "one", new byte[] { 1 } );
		fake.failNext( FakeGcsServer.BATCH_PART, 503, 1 );

		// Storage.delete(BlobId...) uses a batch and turns every failed part into false
		assertThat( storage.delete( BlobId.of( BUCKET, "one" ), BlobId.of( BUCKET, "two" ) ) )
				.containsExactly( false, false );
		assertThat( fake.objectNames( BUCKET ) ).containsExactly( "one" );
		assertThat( fake.requestCount( FakeGcsServer.BATCH ) ).isEqualTo( 1 );
	}

	@Test
	void failedBatchRequestIsNotRetried() {
		fake.putObject( BUCKET, "one", new byte[] { 1 } );
		fake.failNext( FakeGcsServer.BATCH, 503, 1 );

		StorageBatch batch = storage.batch();
		batch.delete( BlobId.of( BUCKET, "one" ) );

		assertThatThrownBy( batch::submit )
				.isInstanceOfSatisfying( StorageException.class, e -> assertThat( e.getCode() ).isEqualTo( 503 ) );
		assertThat( fake.requestCount( FakeGcsServer.BATCH ) ).isEqualTo( 1 );
		assertThat( fake.requestCount( FakeGcsServer.BATCH_PART ) ).isZero();
	}

	@Test
	void lostResponseOfAPreconditionedInsertTurnsIntoA412OnRetry() {
		fake.dropResponseNext( FakeGcsServer.INSERT );

		// the first attempt created the object; the retry's ifGenerationMatch=0 no longer holds
		assertThatThrownBy( () -> storage.create( BlobInfo.newBuilder( BUCKET, "once" ).build(), new byte[] { 1 },
				BlobTargetOption.doesNotExist() ) )
				.isInstanceOfSatisfying( StorageException.class, e -> assertThat( e.getCode() ).isEqualTo( 412 ) );
		assertThat( fake.content( BUCKET, "once" ) ).containsExactly( 1 );
		assertThat( fake.requestCount( FakeGcsServer.INSERT ) ).isEqualTo( 2 );
	}

	@Test
	void nonIdempotentRequestsAreNotRetried() {
		fake.putObject( BUCKET, "one", new byte[] { 1 } );
		fake.failNext( FakeGcsServer.DELETE, 503, 1 );
		fake.failNext( FakeGcsServer.INSERT, 503, 2 );

		assertThatThrownBy( () -> storage.delete( BlobId.of( BUCKET, "one" ) ) )
				.isInstanceOfSatisfying( StorageException.class, e -> assertThat( e.getCode() ).isEqualTo( 503 ) );
		assertThatThrownBy( () -> storage.create( BlobInfo.newBuilder( BUCKET, "two" ).build(), new byte[] { 2 } ) )
				.isInstanceOfSatisfying( StorageException.class, e -> assertThat( e.getCode() ).isEqualTo( 503 ) );
		// with a precondition the same requests become idempotent, hence retried
		assertThat( storage.create( BlobInfo.newBuilder( BUCKET, "two" ).build(), new byte[] { 2 },
				BlobTargetOption.doesNotExist() ) ).isNotNull();
		assertThat( fake.requestCount( FakeGcsServer.DELETE ) ).isEqualTo( 1 );
		assertThat( fake.requestCount( FakeGcsServer.INSERT ) ).isEqualTo( 3 );
	}

	@Test
	void listWithPrefixAndPagination() {
		for ( String name : List.of( "docs/a", "docs/b", "docs/c", "docs/d", "docs/sub/e", "other/x", "top" ) ) {
			fake.putObject( BUCKET, name, name.getBytes( StandardCharsets.UTF_8 ) );
		}

		Page<Blob> first = storage.list( BUCKET, BlobListOption.prefix( "docs/" ), BlobListOption.pageSize( 2 ) );
		List<String> firstNames = new ArrayList<>();
		first.getValues().forEach( blob -> firstNames.add( blob.getName() ) );
		assertThat( firstNames ).containsExactly( "docs/a", "docs/b" );
		assertThat( first.hasNextPage() ).isTrue();

		List<String> all = new ArrayList<>();
		first.iterateAll().forEach( blob -> all.add( blob.getName() ) );
		assertThat( all ).containsExactly( "docs/a", "docs/b", "docs/c", "docs/d", "docs/sub/e" );
		assertThat( fake.requestCount( FakeGcsServer.LIST ) ).isEqualTo( 3 );

		List<String> directory = new ArrayList<>();
		storage.list( BUCKET, BlobListOption.prefix( "docs/" ), BlobListOption.currentDirectory() )
				.iterateAll()
				.forEach( blob -> directory.add( blob.getName() + ( blob.isDirectory() ? " (dir)" : "" ) ) );
		assertThat( directory ).containsExactly( "docs/a", "docs/b", "docs/c", "docs/d", "docs/sub/ (dir)" );

		assertThat( storage.list( BUCKET, BlobListOption.prefix( "none/" ) ).iterateAll() ).isEmpty();
	}

	@Test
	void readerHonoursSeekAndLimit() throws Exception {
		byte[] data = randomBytes( 1000, 6 );
		fake.putObject( BUCKET, "ranged", data );

		try ( ReadChannel reader = storage.reader( BlobId.of( BUCKET, "ranged" ) ) ) {
			reader.seek( 100 );
			reader.limit( 300 );
			assertThat( readAll( reader ) ).isEqualTo( slice( data, 100, 300 ) );
		}
		try ( ReadChannel reader = storage.reader( BlobId.of( BUCKET, "ranged" ) ) ) {
			reader.seek( 990 );
			assertThat( readAll( reader ) ).isEqualTo( slice( data, 990, 1000 ) );
		}
		try ( ReadChannel reader = storage.reader( BlobId.of( BUCKET, "ranged" ) ) ) {
			reader.seek( 1000 );
			assertThat( readAll( reader ) ).isEmpty();
		}
		assertThat( fake.requestLog() ).anyMatch( line -> line.endsWith( "-> 206" ) );
	}

	@Test
	void readingAMissingObjectFails() {
		Throwable thrown = catchThrowable( () -> {
			try ( ReadChannel reader = storage.reader( BlobId.of( BUCKET, "missing" ) ) ) {
				readAll( reader );
			}
		} );
		assertThat( storageException( thrown ).getCode() ).isEqualTo( 404 );

		assertThatThrownBy( () -> storage.readAllBytes( BlobId.of( BUCKET, "missing" ) ) )
				.isInstanceOfSatisfying( StorageException.class, e -> assertThat( e.getCode() ).isEqualTo( 404 ) );
	}

	@Test
	void corruptedUploadReportsChecksumsOfOtherBytes() throws Exception {
		byte[] data = "precious bytes".getBytes( StandardCharsets.UTF_8 );
		fake.corruptNextUpload();

		Blob created = storage.create( BlobInfo.newBuilder( BUCKET, "corrupt" ).build(), data );

		assertThat( fake.content( BUCKET, "corrupt" ) ).isEqualTo( data );
		assertThat( created.getMd5() ).isNotEqualTo( md5( data ) );
		assertThat( created.getCrc32c() ).isNotEqualTo( crc32c( data ) );
		Blob fetched = storage.get( created.getBlobId() );
		assertThat( fetched.getMd5() ).isNotEqualTo( md5( data ) );

		// only the next upload is affected
		Blob clean = storage.create( BlobInfo.newBuilder( BUCKET, "clean" ).build(), data );
		assertThat( clean.getMd5() ).isEqualTo( md5( data ) );
		assertThat( clean.getCrc32c() ).isEqualTo( crc32c( data ) );

		// a resumable upload can be corrupted as well
		byte[] big = randomBytes( CHUNK_SIZE + 1, 7 );
		fake.corruptNextUpload();
		upload( "corrupt-resumable", big, null );
		assertThat( fake.content( BUCKET, "corrupt-resumable" ) ).isEqualTo( big );
		assertThat( storage.get( BlobId.of( BUCKET, "corrupt-resumable" ) ).getCrc32c() ).isNotEqualTo( crc32c( big ) );
	}

	@Test
	void idempotentReadsAreRetried() {
		fake.putObject( BUCKET, "flaky", new byte[] { 1 } );
		fake.failNext( FakeGcsServer.GET, 503, 2 );

		assertThat( storage.get( BlobId.of( BUCKET, "flaky" ) ) ).isNotNull();
		assertThat( fake.requestCount( FakeGcsServer.GET ) ).isEqualTo( 3 );
	}

	@Test
	void slowResponsesTimeOutAndAreRetried() throws Exception {
		fake.putObject( BUCKET, "slow", new byte[] { 1 } );
		fake.delayNext( FakeGcsServer.GET, Duration.ofSeconds( 2 ) );
		try ( Storage impatient = fake.clientOptions()
				.setTransportOptions( HttpTransportOptions.newBuilder().setReadTimeout( 300 ).build() )
				.build()
				.getService() ) {
			assertThat( impatient.get( BlobId.of( BUCKET, "slow" ) ) ).isNotNull();
		}
		assertThat( fake.requestCount( FakeGcsServer.GET ) ).isEqualTo( 2 );
	}

	@Test
	void unknownRequestsAreAnswered501() {
		// the fake logs unsupported requests as warnings; keep this expected one quiet
		Logger logger = Logger.getLogger( FakeGcsServer.class.getName() );
		Level level = logger.getLevel();
		logger.setLevel( Level.SEVERE );
		try {
			assertThatThrownBy( () -> storage.compose( Storage.ComposeRequest.of( BUCKET, List.of( "a", "b" ), "c" ) ) )
					.isInstanceOfSatisfying( StorageException.class, e -> assertThat( e.getCode() ).isEqualTo( 501 ) );
		}
		finally {
			logger.setLevel( level );
		}
		assertThat( fake.requestCount( FakeGcsServer.UNKNOWN ) ).isEqualTo( 1 );
		assertThat( fake.requestLog() ).containsExactly( "POST /storage/v1/b/bkt/o/c/compose -> 501" );
	}

	// ---------------------------------------------------------------------------------------------------

	private interface Setup {
		void apply(FakeGcsServer server);
	}

	/**
	 * Uploads with a resumable writer, 100 KiB per write; {@code midway} runs after about 1 MiB was written.
	 */
	private void upload(String name, byte[] data, Setup midway) throws IOException {
		try ( WriteChannel writer = storage.writer( BlobInfo.newBuilder( BUCKET, name )
				.setContentType( "application/octet-stream" )
				.build(), BlobWriteOption.doesNotExist() ) ) {
			writer.setChunkSize( CHUNK_SIZE );
			int step = 100 * 1024;
			boolean applied = false;
			for ( int offset = 0; offset < data.length; offset += step ) {
				if ( midway != null && !applied && offset >= 1024 * 1024 ) {
					midway.apply( fake );
					applied = true;
				}
				writer.write( ByteBuffer.wrap( data, offset, Math.min( step, data.length - offset ) ) );
			}
		}
	}

	private static StorageException storageException(Throwable thrown) {
		for ( Throwable t = thrown; t != null; t = t.getCause() ) {
			if ( t instanceof StorageException ) {
				return (StorageException) t;
			}
		}
		throw new AssertionError( "No StorageException in the cause chain of " + thrown, thrown );
	}

	private static byte[] readAll(ReadChannel reader) throws IOException {
		InputStream in = Channels.newInputStream( reader );
		return in.readAllBytes();
	}

	private static byte[] slice(byte[] data, int from, int to) {
		byte[] result = new byte[to - from];
		System.arraycopy( data, from, result, 0, result.length );
		return result;
	}

	private static byte[] randomBytes(int size, long seed) {
		byte[] data = new byte[size];
		new Random( seed ).nextBytes( data );
		return data;
	}

	private static String md5(byte[] data) throws Exception {
		return Base64.getEncoder().encodeToString( MessageDigest.getInstance( "MD5" ).digest( data ) );
	}

	private static String crc32c(byte[] data) {
		CRC32C crc = new CRC32C();
		crc.update( data );
		return Base64.getEncoder().encodeToString( ByteBuffer.allocate( 4 ).putInt( (int) crc.getValue() ).array() );
	}
}
