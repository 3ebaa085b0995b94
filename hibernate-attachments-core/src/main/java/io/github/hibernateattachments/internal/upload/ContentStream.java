package io.github.hibernateattachments.internal.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.github.hibernateattachments.internal.AssertionFailure;

/**
 * Wraps content on its way to storage: counts bytes, computes the SHA-256 digest in the same pass and fails
 * as soon as more than {@code maxSize} bytes have been read, so oversized content is never fully uploaded.
 * <p>
 * Past its first megabyte, content is hashed on a helper thread while the storage writes it: each chunk read is
 * copied into one of a few buffers and digested in order there, so that hashing (about 1 s per GiB) and writing
 * overlap instead of adding up. {@link #sha256Hex()} waits for the last chunk.
 */
public final class ContentStream extends FilterInputStream {

	/** Thrown through the storage backend when the content is over the limit. */
	public static final class TooLargeException extends IOException {
		TooLargeException(long maxSize) {
			super( "content exceeds " + maxSize + " bytes" );
		}
	}

	/** Content up to this size is hashed inline: handing it to another thread would cost more than it saves. */
	static final long INLINE_LIMIT = 1024 * 1024;

	private final MessageDigest digest;
	private final long maxSize;
	private long count;
	private String hex;
	private AsyncDigest async;

	public ContentStream(InputStream in, long maxSize) {
		super( in );
		this.maxSize = maxSize;
		try {
			this.digest = MessageDigest.getInstance( "SHA-256" );
		}
		catch (NoSuchAlgorithmException e) {
			throw new AssertionFailure( "SHA-256 is required on every Java platform", e );
		}
	}

	@Override
	public int read() throws IOException {
		final int b = in.read();
		if ( b >= 0 ) {
			counted( 1 );
			if ( async != null ) {
				async.update( new byte[] { (byte) b }, 0, 1 );
			}
			else {
				digest.update( (byte) b );
			}
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		final int n = in.read( buffer, offset, length );
		if ( n > 0 ) {
			counted( n );
			if ( async == null && count > INLINE_LIMIT ) {
				async = new AsyncDigest( digest );
			}
			if ( async != null ) {
				async.update( buffer, offset, n );
			}
			else {
				digest.update( buffer, offset, n );
			}
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		// skipping would bypass the digest: read instead
		final byte[] sink = new byte[(int) Math.min( 8192, Math.max( 0, n ) )];
		long skipped = 0;
		while ( skipped < n ) {
			final int r = read( sink, 0, (int) Math.min( sink.length, n - skipped ) );
			if ( r < 0 ) {
				break;
			}
			skipped += r;
		}
		return skipped;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	private void counted(int n) throws TooLargeException {
		count += n;
		if ( count > maxSize ) {
			throw new TooLargeException( maxSize );
		}
	}

	public long byteCount() {
		return count;
	}

	/** @return the digest of everything read; computed once, when first asked (reading must be over) */
	public String sha256Hex() {
		if ( hex == null ) {
			if ( async != null ) {
				async.finish();
				async = null;
			}
			hex = HexFormat.of().formatHex( digest.digest() );
		}
		return hex;
	}

	@Override
	public void close() throws IOException {
		try {
			super.close();
		}
		finally {
			if ( async != null ) {
				// digest what was read: a backend that closes the stream must not lose the checksum
				async.finish();
				async = null;
			}
		}
	}

	/**
	 * Digests content in order on a helper thread: what is read is copied into the current buffer, and each full
	 * buffer is handed over (a few hundred hand-overs per GiB rather than one per read). The reading thread blocks
	 * when all buffers are queued (backpressure): memory stays at {@link #BUFFERS} buffers per upload.
	 */
	private static final class AsyncDigest {
		private static final int BUFFERS = 4;
		private static final int BUFFER_SIZE = 1024 * 1024;
		private static final Chunk END = new Chunk( new byte[0], 0 );
		private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool( task -> {
			final Thread thread = new Thread( task, "hibernate-attachments-sha256" );
			thread.setDaemon( true );
			return thread;
		} );

		private record Chunk(byte[] bytes, int length) {
		}

		private final java.util.concurrent.BlockingQueue<Chunk> full = new java.util.concurrent.ArrayBlockingQueue<>( BUFFERS );
		private final java.util.concurrent.BlockingQueue<byte[]> free = new java.util.concurrent.ArrayBlockingQueue<>( BUFFERS + 1 );
		private final java.util.concurrent.Future<?> worker;
		private volatile boolean abandoned;
		private byte[] current;
		private int filled;
		private int allocated;

		AsyncDigest(MessageDigest digest) {
			worker = THREADS.submit( () -> {
				try {
					while ( true ) {
						final Chunk chunk = full.take();
						if ( chunk == END ) {
							return null;
						}
						if ( !abandoned ) {
							digest.update( chunk.bytes(), 0, chunk.length() );
						}
						free.offer( chunk.bytes() );
					}
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return null;
				}
			} );
		}

		void update(byte[] buffer, int offset, int length) throws IOException {
			while ( length > 0 ) {
				if ( current == null ) {
					current = nextBuffer();
					filled = 0;
				}
				final int n = Math.min( length, current.length - filled );
				System.arraycopy( buffer, offset, current, filled, n );
				filled += n;
				offset += n;
				length -= n;
				if ( filled == current.length ) {
					handOver();
				}
			}
		}

		private byte[] nextBuffer() throws IOException {
			final byte[] recycled = free.poll();
			if ( recycled != null ) {
				return recycled;
			}
			if ( allocated < BUFFERS + 1 ) {
				allocated++;
				return new byte[BUFFER_SIZE];
			}
			try {
				return free.take();
			}
			catch (InterruptedException e) {
				throw interrupted();
			}
		}

		private void handOver() throws IOException {
			try {
				full.put( new Chunk( current, filled ) );
				current = null;
			}
			catch (InterruptedException e) {
				throw interrupted();
			}
		}

		private IOException interrupted() {
			Thread.currentThread().interrupt();
			abandon();
			return new java.io.InterruptedIOException( "interrupted while hashing the content" );
		}

		/** Waits until everything is digested. */
		void finish() {
			try {
				if ( current != null && filled > 0 ) {
					full.put( new Chunk( current, filled ) );
					current = null;
				}
				full.put( END );
				worker.get();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				abandon();
				throw new IllegalStateException( "Interrupted while hashing the content", e );
			}
			catch (java.util.concurrent.ExecutionException e) {
				throw new IllegalStateException( "Unable to hash the content", e.getCause() );
			}
		}

		/** The content will not be used: stop digesting, let the helper thread go. */
		void abandon() {
			abandoned = true;
			full.clear();
			full.offer( END );
		}
	}
}
