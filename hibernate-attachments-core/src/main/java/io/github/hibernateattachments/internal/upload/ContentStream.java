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
 */
public final class ContentStream extends FilterInputStream {

	/** Thrown through the storage backend when the content is over the limit. */
	public static final class TooLargeException extends IOException {
		TooLargeException(long maxSize) {
			super( "content exceeds " + maxSize + " bytes" );
		}
	}

	private final MessageDigest digest;
	private final long maxSize;
	private long count;
	private String hex;

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
			digest.update( (byte) b );
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		final int n = in.read( buffer, offset, length );
		if ( n > 0 ) {
			counted( n );
			digest.update( buffer, offset, n );
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
			hex = HexFormat.of().formatHex( digest.digest() );
		}
		return hex;
	}
}
