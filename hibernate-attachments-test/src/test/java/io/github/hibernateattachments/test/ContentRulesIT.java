package io.github.hibernateattachments.test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.hibernateattachments.Attachment;

import static io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-attribute rules in {@code @Attached}: accepted content types (detected from the content, whatever the
 * filename says) and a size limit, refused before anything is stored ({@link Gallery}).
 */
@Entities({ Gallery.class, Owner.class })
class ContentRulesIT {

	/** The PNG signature and the start of an IHDR chunk: enough for content detection. */
	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
			0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };

	private static void attach(Fixture fixture, Attachment picture) {
		fixture.inTransaction( em -> {
			final Gallery gallery = new Gallery();
			gallery.picture = picture;
			em.persist( gallery );
		} );
	}

	private static void assertNothingKept(Fixture fixture) {
		assertThat( fixture.count( "galleries" ) ).isZero();
		assertThat( fixture.blobKeys() ).isEmpty();
		assertThat( fixture.outboxKeys() ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.storage().calls() ).isEmpty();
	}

	@DatabaseTest
	void html_named_like_an_image_is_refused_by_its_content(Fixture fixture) {
		final byte[] html = "<html><body><script>alert(1)</script></body></html>".getBytes( StandardCharsets.UTF_8 );

		assertAttachmentError( () -> attach( fixture, Attachment.of( html, "evil.png" ) ) )
				.hasMessage( "Attachment 'evil.png' for Gallery#new.picture has content type text/html (detected from"
						+ " its content), which @Attached(contentTypes = [image/png, image/jpeg]) does not accept;"
						+ " nothing was kept" );
		assertNothingKept( fixture );
	}

	@DatabaseTest
	void a_declared_type_the_attribute_does_not_accept_is_refused_too(Fixture fixture) {
		assertAttachmentError( () -> attach( fixture, Attachment.of( PNG, "pixel.png" ).withContentType( "text/html" ) ) )
				.hasMessageContaining( "has content type text/html (declared)" );
		assertNothingKept( fixture );
	}

	@DatabaseTest
	void content_over_the_attributes_limit_is_refused(Fixture fixture) {
		final byte[] big = Arrays.copyOf( PNG, 4096 );

		assertAttachmentError( () -> attach( fixture, Attachment.of( big, "big.png" ) ) )
				.hasMessage( "Attachment 'big.png' for Gallery#new.picture exceeds the maximum size of 1024 bytes"
						+ " (@Attached(maxSize)); nothing was kept" );
		assertThat( fixture.count( "galleries" ) ).isZero();
		assertThat( fixture.blobKeys() ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	void an_accepted_image_is_stored_with_its_detected_type(Fixture fixture) {
		attach( fixture, Attachment.of( PNG, "pixel.bin" ) );
		fixture.inTransaction( em -> {
			final Gallery gallery = em.createQuery( "from Gallery", Gallery.class ).getSingleResult();
			gallery.thumbnail = Attachment.of( PNG, "thumb" );
		} );

		assertThat( fixture.queryStrings( "select content_type from attachment_blobs" ) ).containsExactly( "image/png", "image/png" );
	}

	@DatabaseTest
	void only_safe_types_are_served_inline(Fixture fixture) {
		attach( fixture, Attachment.of( PNG, "pixel.png" ) );
		fixture.inTransaction( em -> {
			final Gallery gallery = em.createQuery( "from Gallery", Gallery.class ).getSingleResult();
			gallery.thumbnail = Attachment.of( PNG, "thumb.png" );
		} );
		final long owner = fixture.fromTransaction( em -> {
			final Owner o = new Owner( "mallory" );
			o.avatar = Attachment.of( "<svg onload=alert(1)></svg>".getBytes( StandardCharsets.UTF_8 ), "Grüße \"x\".svg" );
			em.persist( o );
			return o.id;
		} );
		final Gallery gallery = fixture.fromTransaction( em -> em.createQuery( "from Gallery", Gallery.class ).getSingleResult() );
		final Owner mallory = fixture.fromTransaction( em -> em.find( Owner.class, owner ) );
		fixture.storage().clearCalls();

		assertThat( fixture.attachments().contentDisposition( gallery.picture ) )
				.isEqualTo( "inline; filename=\"pixel.png\"; filename*=UTF-8''pixel.png" );
		assertThat( fixture.attachments().contentDisposition( mallory.avatar ) )
				.isEqualTo( "attachment; filename=\"Gr__e _x_.svg\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.svg" );
		fixture.attachments().signedUrl( mallory.avatar, java.time.Duration.ofMinutes( 5 ) );
		assertThat( fixture.storage().calls() ).singleElement().asString().startsWith( "sign " ).endsWith(
				" attachment; filename=\"Gr__e _x_.svg\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.svg" );
	}
}
