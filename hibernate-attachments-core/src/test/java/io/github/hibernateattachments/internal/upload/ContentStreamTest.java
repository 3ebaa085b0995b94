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
}
