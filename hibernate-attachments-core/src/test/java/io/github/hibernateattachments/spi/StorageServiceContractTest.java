package io.github.hibernateattachments.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

/**
 * The behaviour every {@link StorageService} must have. A backend's test extends this class and implements
 * {@link #createStorage(Path)}; backend-specific tests go in the subclass.
 */
public abstract class StorageServiceContractTest {

	private static final SecureRandom RANDOM = new SecureRandom();
	private static final String KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	@TempDir
	protected Path tempDir;

	protected StorageService storage;

	/**
	 * @param tempDir a fresh folder, deleted after the test, for backends that need one
	 * @return the backend under test, empty
	 */
	protected abstract StorageService createStorage(Path tempDir);

	@BeforeEach
	void setUpStorage() {
		storage = createStorage( tempDir );
	}

	@AfterEach
	void tearDownStorage() {
		storage = null;
	}

	/**
	 * @return a fresh valid key: 32 random lower-case letters and digits
	 */
	protected static String randomKey() {
		final StringBuilder key = new StringBuilder( 32 );
		for ( int i = 0; i < 32; i++ ) {
			key.append( KEY_ALPHABET.charAt( RANDOM.nextInt( KEY_ALPHABET.length() ) ) );
		}
		return key.toString();
	}

	protected static InputStream bytes(String content) {
		return new ByteArrayInputStream( content.getBytes( StandardCharsets.UTF_8 ) );
	}

	protected static String read(StorageService storage, String key) throws IOException {
		try ( InputStream in = storage.openStream( key ) ) {
			return new String( in.readAllBytes(), StandardCharsets.UTF_8 );
		}
	}

	@Test
	void storeThenReadRoundTrips() throws IOException {
		final String key = randomKey();
		final String content = "hello, attachments \u00e9\u4e2d";
		final long expectedSize = content.getBytes( StandardCharsets.UTF_8 ).length;

		final StoredObject stored = storage.store( key, bytes( content ) );

		assertThat( stored ).isEqualTo( new StoredObject( key, expectedSize ) );
		assertThat( storage.stat( key ) ).contains( new StoredObject( key, expectedSize ) );
		assertThat( storage.exists( key ) ).isTrue();
		assertThat( read( storage, key ) ).isEqualTo( content );
	}

	@Test
	void storeOfEmptyContentRoundTrips() throws IOException {
		final String key = randomKey();

		assertThat( storage.store( key, bytes( "" ) ).byteSize() ).isZero();
		assertThat( storage.stat( key ) ).contains( new StoredObject( key, 0 ) );
		assertThat( read( storage, key ) ).isEmpty();
	}

	@Test
	void rangedReadsReturnThePartAsked() throws IOException {
		final String key = randomKey();
		storage.store( key, bytes( "0123456789" ) );

		try ( InputStream in = storage.openStream( key, 2, 3 ) ) {
			assertThat( new String( in.readAllBytes(), StandardCharsets.UTF_8 ) ).isEqualTo( "234" );
		}
		try ( InputStream in = storage.openStream( key, 7, -1 ) ) {
			assertThat( new String( in.readAllBytes(), StandardCharsets.UTF_8 ) ).isEqualTo( "789" );
		}
		try ( InputStream in = storage.openStream( key, 8, 100 ) ) {
			assertThat( new String( in.readAllBytes(), StandardCharsets.UTF_8 ) ).isEqualTo( "89" );
		}
		try ( InputStream in = storage.openStream( key, 20, 5 ) ) {
			assertThat( in.readAllBytes() ).isEmpty();
		}
		assertThatThrownBy( () -> storage.openStream( randomKey(), 0, 1 ).close() ).isInstanceOf( StorageException.class );
	}

	@Test
	void statOfMissingKeyIsEmpty() {
		final String key = randomKey();

		assertThat( storage.stat( key ) ).isEmpty();
		assertThat( storage.exists( key ) ).isFalse();
	}

	@Test
	void storeRefusesExistingKeyAndKeepsOriginal() throws IOException {
		final String key = randomKey();
		storage.store( key, bytes( "original" ) );

		assertThatThrownBy( () -> storage.store( key, bytes( "replacement, longer" ) ) )
				.isInstanceOf( StorageException.class )
				.hasMessageContaining( key )
				.hasMessageContaining( storage.name() );

		assertThat( read( storage, key ) ).isEqualTo( "original" );
		assertThat( storage.stat( key ) ).contains( new StoredObject( key, "original".length() ) );
	}

	@Test
	void deleteRemovesObject() {
		final String key = randomKey();
		final String other = randomKey();
		storage.store( key, bytes( "doomed" ) );
		storage.store( other, bytes( "kept" ) );

		storage.delete( key );

		assertThat( storage.exists( key ) ).isFalse();
		assertThat( storage.exists( other ) ).isTrue();
		assertThatThrownBy( () -> storage.openStream( key ) ).isInstanceOf( StorageException.class );
	}

	@Test
	void deleteIsIdempotent() {
		final String key = randomKey();
		storage.store( key, bytes( "content" ) );

		storage.delete( key );
		storage.delete( key );
		storage.delete( randomKey() );

		assertThat( storage.exists( key ) ).isFalse();
	}

	@Test
	void keyCanBeReusedAfterDelete() throws IOException {
		final String key = randomKey();
		storage.store( key, bytes( "first" ) );
		storage.delete( key );

		storage.store( key, bytes( "second" ) );

		assertThat( read( storage, key ) ).isEqualTo( "second" );
	}

	@Test
	void openStreamOfMissingKeyNamesKeyAndService() {
		final String key = randomKey();

		assertThatThrownBy( () -> storage.openStream( key ) )
				.isInstanceOf( StorageException.class )
				.hasMessageContaining( key )
				.hasMessageContaining( storage.name() );
	}

	static Stream<String> invalidKeys() {
		return Stream.of(
				"../../etc/passwd",
				"..",
				"",
				"a/b",
				"abc",
				"abcdefghijklmnop\u0000",
				"abcdefgh\u0000ijklmnop",
				"a".repeat( 200 ),
				"a".repeat( 129 ),
				"ABCDEFGHIJKLMNOP/../x",
				"abcdefghijklmnop\\..\\x",
				"..\\..\\..\\windows\\win.ini",
				"abcdefgh ijklmnop",
				"abcdefghijklmnop ",
				"abcdefgh-ijklmnop",
				"abcdefgh.ijklmnop",
				"/abcdefghijklmnop",
				"abcdefghijklmno\u00e9"
		);
	}

	@ParameterizedTest
	@NullSource
	@MethodSource("invalidKeys")
	void invalidKeysAreRejectedBeforeAnythingIsStored(String key) {
		final TrackingInputStream content = new TrackingInputStream( bytes( "must not be stored" ) );

		assertThatThrownBy( () -> storage.store( key, content ) )
				.isInstanceOf( StorageException.class )
				.hasMessageContaining( storage.name() );
		assertThat( content.wasRead() ).as( "content stream was read" ).isFalse();

		assertThatThrownBy( () -> storage.openStream( key ) ).isInstanceOf( StorageException.class );
		assertThatThrownBy( () -> storage.stat( key ) ).isInstanceOf( StorageException.class );
		assertThatThrownBy( () -> storage.exists( key ) ).isInstanceOf( StorageException.class );
		assertThatThrownBy( () -> storage.delete( key ) ).isInstanceOf( StorageException.class );
	}

	@Test
	void validKeyBoundariesAreAccepted() {
		final String shortest = "A".repeat( 16 );
		final String longest = "z9".repeat( 64 );

		storage.store( shortest, bytes( "16" ) );
		storage.store( longest, bytes( "128" ) );

		assertThat( storage.stat( shortest ) ).contains( new StoredObject( shortest, 2 ) );
		assertThat( storage.stat( longest ) ).contains( new StoredObject( longest, 3 ) );
	}

	@Test
	protected void failingStreamLeavesNothingBehind() {
		final String key = randomKey();

		assertThatThrownBy( () -> storage.store( key, new FailingInputStream( 100_000 ) ) )
				.isInstanceOf( StorageException.class )
				.hasMessageContaining( key )
				.hasMessageContaining( storage.name() );

		assertThat( storage.exists( key ) ).isFalse();
		assertThat( storage.stat( key ) ).isEmpty();
		assertThatThrownBy( () -> storage.openStream( key ) ).isInstanceOf( StorageException.class );
	}

	@Test
	protected void keyIsFreeAfterFailedStore() throws IOException {
		final String key = randomKey();
		assertThatThrownBy( () -> storage.store( key, new FailingInputStream( 10 ) ) )
				.isInstanceOf( StorageException.class );

		storage.store( key, bytes( "retry" ) );

		assertThat( read( storage, key ) ).isEqualTo( "retry" );
	}

	@Test
	protected void deleteAllRemovesEveryKey() {
		final List<String> keys = new ArrayList<>();
		for ( int i = 0; i < 5; i++ ) {
			final String key = randomKey();
			storage.store( key, bytes( "object " + i ) );
			keys.add( key );
		}
		final String kept = randomKey();
		storage.store( kept, bytes( "kept" ) );
		keys.add( randomKey() ); // never stored: deleting it must succeed too

		assertThat( storage.deleteAll( keys ) ).isEmpty();

		assertThat( keys ).noneMatch( storage::exists );
		assertThat( storage.exists( kept ) ).isTrue();
	}

	@Test
	void concurrentStoresOfDifferentKeysAllSucceed() throws Exception {
		final int threads = 4;
		final int perThread = 25;
		final ExecutorService executor = Executors.newFixedThreadPool( threads );
		final CountDownLatch start = new CountDownLatch( 1 );
		try {
			final List<Future<List<String>>> futures = new ArrayList<>();
			for ( int t = 0; t < threads; t++ ) {
				final Callable<List<String>> task = () -> {
					start.await();
					final List<String> stored = new ArrayList<>();
					for ( int i = 0; i < perThread; i++ ) {
						final String key = randomKey();
						storage.store( key, bytes( "content of " + key ) );
						stored.add( key );
					}
					return stored;
				};
				futures.add( executor.submit( task ) );
			}
			start.countDown();

			final List<String> keys = new ArrayList<>();
			for ( Future<List<String>> future : futures ) {
				keys.addAll( future.get( 60, TimeUnit.SECONDS ) );
			}
			assertThat( keys ).hasSize( threads * perThread ).doesNotHaveDuplicates();
			for ( String key : keys ) {
				assertThat( read( storage, key ) ).isEqualTo( "content of " + key );
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	protected void concurrentStoresOfSameKeyHaveOneWinner() throws Exception {
		final String key = randomKey();
		final int threads = 4;
		final ExecutorService executor = Executors.newFixedThreadPool( threads );
		final CountDownLatch start = new CountDownLatch( 1 );
		try {
			final List<Future<Boolean>> futures = new ArrayList<>();
			for ( int t = 0; t < threads; t++ ) {
				final String content = "writer " + t;
				futures.add( executor.submit( () -> {
					start.await();
					try {
						storage.store( key, bytes( content ) );
						return true;
					}
					catch (StorageException e) {
						return false;
					}
				} ) );
			}
			start.countDown();

			int winners = 0;
			for ( Future<Boolean> future : futures ) {
				winners += future.get( 60, TimeUnit.SECONDS ) ? 1 : 0;
			}
			assertThat( winners ).isEqualTo( 1 );
			assertThat( read( storage, key ) ).startsWith( "writer " );
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void largeStreamRoundTrips() throws IOException {
		final String key = randomKey();
		final long size = 8L * 1024 * 1024 + 17;

		final StoredObject stored = storage.store( key, new GeneratedInputStream( size ) );

		assertThat( stored.byteSize() ).isEqualTo( size );
		assertThat( storage.stat( key ) ).contains( new StoredObject( key, size ) );
		try ( InputStream actual = storage.openStream( key );
				InputStream expected = new GeneratedInputStream( size ) ) {
			final byte[] actualChunk = new byte[8192];
			final byte[] expectedChunk = new byte[8192];
			long compared = 0;
			int read;
			while ( ( read = actual.readNBytes( actualChunk, 0, actualChunk.length ) ) > 0 ) {
				assertThat( expected.readNBytes( expectedChunk, 0, read ) ).isEqualTo( read );
				for ( int i = 0; i < read; i++ ) {
					if ( actualChunk[i] != expectedChunk[i] ) {
						throw new AssertionError( "Content differs at byte " + ( compared + i ) );
					}
				}
				compared += read;
			}
			assertThat( compared ).isEqualTo( size );
		}
	}

	/**
	 * A deterministic stream of {@code size} bytes, generated as it is read.
	 */
	protected static final class GeneratedInputStream extends InputStream {

		private final long size;
		private long position;

		public GeneratedInputStream(long size) {
			this.size = size;
		}

		private static byte byteAt(long position) {
			return (byte) ( ( position * 31 + ( position >>> 13 ) ) & 0xFF );
		}

		@Override
		public int read() {
			if ( position >= size ) {
				return -1;
			}
			return byteAt( position++ ) & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if ( length == 0 ) {
				return 0;
			}
			if ( position >= size ) {
				return -1;
			}
			final int count = (int) Math.min( length, size - position );
			for ( int i = 0; i < count; i++ ) {
				buffer[offset + i] = byteAt( position++ );
			}
			return count;
		}
	}

	/**
	 * Yields {@code failAfter} bytes, then throws an {@link IOException}, as a dropped upload would.
	 */
	protected static final class FailingInputStream extends InputStream {

		private final long failAfter;
		private long position;

		public FailingInputStream(long failAfter) {
			this.failAfter = failAfter;
		}

		@Override
		public int read() throws IOException {
			if ( position >= failAfter ) {
				throw new IOException( "Simulated connection reset after " + failAfter + " bytes" );
			}
			position++;
			return 'x';
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if ( length == 0 ) {
				return 0;
			}
			if ( position >= failAfter ) {
				throw new IOException( "Simulated connection reset after " + failAfter + " bytes" );
			}
			final int count = (int) Math.min( length, failAfter - position );
			for ( int i = 0; i < count; i++ ) {
				buffer[offset + i] = 'x';
			}
			position += count;
			return count;
		}
	}

	/**
	 * Records whether anything read from it.
	 */
	protected static final class TrackingInputStream extends InputStream {

		private final InputStream delegate;
		private final AtomicBoolean read = new AtomicBoolean();

		public TrackingInputStream(InputStream delegate) {
			this.delegate = delegate;
		}

		public boolean wasRead() {
			return read.get();
		}

		@Override
		public int read() throws IOException {
			read.set( true );
			return delegate.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			read.set( true );
			return delegate.read( buffer, offset, length );
		}
	}
}
