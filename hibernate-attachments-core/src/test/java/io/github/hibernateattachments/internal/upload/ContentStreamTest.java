package io.github.hibernateattachments.internal.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentStreamTest {

	private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

	@Test
	void counts_and_digests_in_one_pass_and_the_digest_is_stable() throws IOException {
		final ContentStream stream = new ContentStream( new ByteArrayInputStream( "hello".getBytes() ), 100 );
		assertThat( stream.readAllBytes() ).isEqualTo( "hello".getBytes() );
		assertThat( stream.byteCount() ).isEqualTo( 5 );
		assertThat( stream.sha256Hex() ).isEqualTo( HELLO_SHA256 );
		assertThat( stream.sha256Hex() ).as( "asking twice" ).isEqualTo( HELLO_SHA256 );
	}

	@Test
	void single_byte_reads_and_skips_are_digested_too() throws IOException {
		final ContentStream stream = new ContentStream( new ByteArrayInputStream( "hello".getBytes() ), 100 );
		assertThat( stream.read() ).isEqualTo( 'h' );
		assertThat( stream.skip( 2 ) ).isEqualTo( 2 );
		stream.readAllBytes();
		assertThat( stream.sha256Hex() ).isEqualTo( HELLO_SHA256 );
	}

	@Test
	void fails_as_soon_as_the_limit_is_passed_without_reading_the_rest() {
		final InputStream endless = new InputStream() {
			@Override
			public int read() {
				return 'x';
			}
		};
		final ContentStream stream = new ContentStream( endless, 10_000 );
		assertThatThrownBy( stream::readAllBytes ).isInstanceOf( ContentStream.TooLargeException.class );
		assertThat( stream.byteCount() ).isLessThanOrEqualTo( 10_000 + 16_384 );
	}

	private static byte[] random(int size, long seed) {
		final byte[] bytes = new byte[size];
		new java.util.Random( seed ).nextBytes( bytes );
		return bytes;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return java.util.HexFormat.of().formatHex( java.security.MessageDigest.getInstance( "SHA-256" ).digest( bytes ) );
	}

	@Test
	void large_content_hashed_on_the_helper_thread_has_the_same_digest() throws Exception {
		final byte[] content = random( 9 * 1024 * 1024 + 123, 42 ); // past the inline limit, odd-sized chunks
		final ContentStream stream = new ContentStream( new ByteArrayInputStream( content ), Long.MAX_VALUE );
		final byte[] buffer = new byte[70_001];
		int total = 0;
		for ( int n; ( n = stream.read( buffer, 0, 1 + total % buffer.length ) ) > 0; ) {
			total += n;
			if ( total % 7 == 0 ) {
				final int b = stream.read();
				if ( b >= 0 ) {
					total++;
				}
			}
		}
		assertThat( total ).isEqualTo( content.length );
		assertThat( stream.byteCount() ).isEqualTo( content.length );
		assertThat( stream.sha256Hex() ).isEqualTo( sha256( content ) );
	}

	@Test
	void a_stream_closed_by_the_backend_still_has_its_digest() throws Exception {
		final byte[] content = random( 3 * 1024 * 1024, 7 );
		final ContentStream stream = new ContentStream( new ByteArrayInputStream( content ), Long.MAX_VALUE );
		stream.transferTo( java.io.OutputStream.nullOutputStream() );
		stream.close();
		assertThat( stream.sha256Hex() ).isEqualTo( sha256( content ) );
	}
}
