package io.github.hibernateattachments.test;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.DetachedFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @PurgePolicy(DETACH)} keeps: the blob row and the file an owner lets go stay, whatever the sweeper
 * does, until the application purges them ({@link Owner#banner} is DETACH).
 */
@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "0")
class DetachIT {

	private static long ownerWithBanner(Fixture fixture) {
		return fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.banner = Attachment.of( "banner".getBytes(), "banner.png" );
			owner.avatar = Attachment.of( "avatar".getBytes(), "avatar.png" );
			em.persist( owner );
			return owner.id;
		} );
	}

	private static String bannerKey(Fixture fixture, long id) {
		return fixture.queryStrings( "select b.storage_key from owners o join attachment_blobs b on b.id = o.banner_blob_id"
				+ " where o.id = " + id ).get( 0 );
	}

	@DatabaseTest
	void a_detached_blob_survives_every_sweep_until_the_application_purges_it(Fixture fixture) {
		final long id = ownerWithBanner( fixture );
		final String key = bannerKey( fixture, id );

		fixture.inTransaction( em -> em.find( Owner.class, id ).banner = null );
		fixture.attachments().sweep();
		fixture.attachments().sweep();

		assertThat( fixture.blobKeys() ).contains( key );
		assertThat( fixture.filesOnDisk() ).contains( key );
		assertThat( fixture.attachments().detachedFiles() ).singleElement()
				.satisfies( file -> {
					assertThat( file.key() ).isEqualTo( key );
					assertThat( file.filename() ).isEqualTo( "banner.png" );
					assertThat( file.byteSize() ).isEqualTo( 6 );
					assertThat( file.detachedAt() ).isNotNull();
				} );

		assertThat( fixture.attachments().purgeDetached( key ) ).isTrue();

		assertThat( fixture.blobKeys() ).doesNotContain( key );
		assertThat( fixture.filesOnDisk() ).doesNotContain( key );
		assertThat( fixture.attachments().detachedFiles() ).isEmpty();
		assertThat( fixture.attachments().purgeDetached( key ) ).isFalse();
	}

	@DatabaseTest
	void an_owner_deleted_under_detach_keeps_that_file_and_purges_the_others(Fixture fixture) {
		final long id = ownerWithBanner( fixture );
		final String key = bannerKey( fixture, id );

		fixture.inTransaction( em -> em.remove( em.find( Owner.class, id ) ) );
		fixture.attachments().sweep();

		assertThat( fixture.blobKeys() ).containsExactly( key );
		assertThat( fixture.filesOnDisk() ).containsExactly( key );
		assertThat( fixture.attachments().detachedFiles() ).extracting( DetachedFile::key ).containsExactly( key );

		assertThat( fixture.attachments().purgeAllDetached() ).isEqualTo( 1 );
		assertThat( fixture.blobKeys() ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	void a_detached_blob_referenced_again_is_an_attachment_like_any_other(Fixture fixture) {
		final long id = ownerWithBanner( fixture );
		final String key = bannerKey( fixture, id );
		final Attachment copy = fixture.fromTransaction( em -> em.find( Owner.class, id ).banner.copy() );
		fixture.inTransaction( em -> em.find( Owner.class, id ).banner = null );

		fixture.inTransaction( em -> {
			final Owner other = new Owner( "grace" );
			other.banner = copy;
			em.persist( other );
		} );

		assertThat( fixture.attachments().detachedFiles() ).isEmpty();
		fixture.attachments().sweep();
		assertThat( fixture.blobKeys() ).contains( key );
		assertThat( fixture.attachments().purgeAllDetached() ).isZero();
	}
}
