package io.github.hibernateattachments.test;

import java.util.List;

import io.github.hibernateattachments.Attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError;

/**
 * Replace, remove and owner delete under each {@link io.github.hibernateattachments.PurgeAction}, and a blob
 * shared by two owners. Seed 002 names the three actions: cascade (PURGE), restrict, nullify (DETACH).
 */
class PurgePolicyIT {

	private static Attachment text(String content, String filename) {
		return Attachment.of( content.getBytes(), filename );
	}

	private static long newOwner(Fixture fixture, Attachment avatar, Attachment banner, Attachment... photos) {
		return fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = avatar;
			owner.banner = banner;
			owner.photos.addAll( List.of( photos ) );
			em.persist( owner );
			return owner.id;
		} );
	}

	private static String avatarKey(Fixture fixture, long ownerId) {
		return fixture.queryStrings( "select b.storage_key from owners o join attachment_blobs b on b.id = o.avatar_blob_id where o.id = "
				+ ownerId ).get( 0 );
	}

	@DatabaseTest
	void replacing_under_purge_stores_the_new_file_and_purges_the_old_blob_after_commit(Fixture fixture) {
		final long id = newOwner( fixture, text( "old", "old.txt" ), null );
		final String oldKey = avatarKey( fixture, id );
		fixture.storage().clearCalls();

		fixture.inTransaction( em -> {
			em.find( Owner.class, id ).avatar = text( "new", "new.txt" );
		} );

		final String newKey = avatarKey( fixture, id );
		assertThat( newKey ).isNotEqualTo( oldKey );
		assertThat( fixture.blobKeys() ).containsExactly( newKey );
		assertThat( fixture.filesOnDisk() ).containsExactly( newKey );
		assertThat( fixture.storage().calls() ).containsExactly( "store " + newKey, "delete " + oldKey );
		assertThat( fixture.outboxKeys() ).isEmpty();
		final String filename = fixture.fromTransaction( em -> em.find( Owner.class, id ).avatar.filename() );
		assertThat( filename ).isEqualTo( "new.txt" );
	}

	@DatabaseTest
	void replacing_under_restrict_fails_before_uploading_and_changes_nothing(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Contract contract = new Contract();
			contract.signedCopy = text( "signed", "signed.pdf" );
			em.persist( contract );
			return contract.id;
		} );
		final var keys = fixture.blobKeys();
		fixture.storage().clearCalls();

		assertAttachmentError( () -> fixture.inTransaction( em -> {
			em.find( Contract.class, id ).signedCopy = text( "forged", "forged.pdf" );
		} ) )
				.hasMessageContaining( "Contract#" + id + ".signedCopy" )
				.hasMessageContaining( "@PurgePolicy(RESTRICT)" )
				.hasMessageContaining( "nothing was changed" );

		assertThat( fixture.blobKeys() ).isEqualTo( keys );
		assertThat( fixture.filesOnDisk() ).isEqualTo( keys );
		assertThat( fixture.storage().calls() ).as( "nothing uploaded, nothing deleted" ).isEmpty();
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	void replacing_under_detach_keeps_the_old_blob_and_file(Fixture fixture) {
		final long id = newOwner( fixture, null, text( "old banner", "old.png" ) );
		final String oldKey = fixture.blobKeys().iterator().next();

		fixture.inTransaction( em -> {
			em.find( Owner.class, id ).banner = text( "new banner", "new.png" );
		} );

		assertThat( fixture.blobKeys() ).hasSize( 2 ).contains( oldKey );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() );
		assertThat( fixture.storage().calls() ).noneMatch( c -> c.startsWith( "delete" ) );
	}

	@DatabaseTest
	void removing_from_a_list_under_purge_purges_that_blob_only_and_keeps_the_order(Fixture fixture) {
		final long id = newOwner( fixture, null, null, text( "1", "one.txt" ), text( "2", "two.txt" ), text( "3", "three.txt" ) );
		assertThat( fixture.blobKeys() ).hasSize( 3 );

		fixture.inTransaction( em -> {
			em.find( Owner.class, id ).photos.remove( 1 );
		} );

		final List<String> filenames = fixture.fromTransaction(
				em -> em.find( Owner.class, id ).photos.stream().map( Attachment::filename ).toList() );
		assertThat( filenames ).containsExactly( "one.txt", "three.txt" );
		assertThat( fixture.blobKeys() ).hasSize( 2 );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() );
	}

	@DatabaseTest
	void clearing_a_list_under_restrict_fails_and_changes_nothing(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Contract contract = new Contract();
			contract.annexes.add( text( "annex", "annex.pdf" ) );
			em.persist( contract );
			return contract.id;
		} );

		assertAttachmentError( () -> fixture.inTransaction( em -> {
			em.find( Contract.class, id ).annexes.clear();
		} ) ).hasMessageContaining( "Contract#" + id + ".annexes" );

		assertThat( fixture.count( "Contract_annexes" ) ).isEqualTo( 1 );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() ).hasSize( 1 );
	}

	@DatabaseTest
	void deleting_an_owner_under_restrict_fails_at_remove_and_changes_nothing(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Contract contract = new Contract();
			contract.signedCopy = text( "signed", "signed.pdf" );
			em.persist( contract );
			return contract.id;
		} );
		final String key = fixture.blobKeys().iterator().next();

		assertAttachmentError( () -> fixture.inTransaction( em -> em.remove( em.find( Contract.class, id ) ) ) )
				.hasMessage( "Unable to delete Contract#" + id + ": attribute 'signedCopy' has @PurgePolicy(RESTRICT) and still"
						+ " holds blob '" + key + "'; nothing was changed. Remove the attachment first, or use PURGE or DETACH" );

		assertThat( fixture.count( "contracts" ) ).isEqualTo( 1 );
		assertThat( fixture.blobKeys() ).containsExactly( key );
		assertThat( fixture.filesOnDisk() ).containsExactly( key );
	}

	@DatabaseTest
	void an_owner_whose_restricted_attributes_are_empty_can_be_deleted_and_its_purge_attribute_is_purged(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Contract contract = new Contract();
			contract.draft = text( "draft", "draft.docx" );
			em.persist( contract );
			return contract.id;
		} );

		fixture.inTransaction( em -> em.remove( em.find( Contract.class, id ) ) );

		assertThat( fixture.count( "contracts" ) ).isZero();
		assertThat( fixture.blobKeys() ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	void deleting_an_owner_under_detach_keeps_the_blob_and_file(Fixture fixture) {
		final long id = newOwner( fixture, null, text( "banner", "banner.png" ) );
		final String key = fixture.blobKeys().iterator().next();

		fixture.inTransaction( em -> em.remove( em.find( Owner.class, id ) ) );

		assertThat( fixture.count( "owners" ) ).isZero();
		assertThat( fixture.blobKeys() ).containsExactly( key );
		assertThat( fixture.filesOnDisk() ).containsExactly( key );
	}

	@DatabaseTest
	void a_blob_shared_by_two_owners_survives_the_purge_of_one_and_goes_with_the_last(Fixture fixture) {
		final long first = newOwner( fixture, text( "shared", "shared.txt" ), null );
		final long second = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "bob" );
			owner.avatar = em.find( Owner.class, first ).avatar.copy();
			em.persist( owner );
			return owner.id;
		} );
		final String key = avatarKey( fixture, first );
		assertThat( avatarKey( fixture, second ) ).isEqualTo( key );

		// the other owner is not in the session: found in the database
		fixture.inTransaction( em -> em.remove( em.find( Owner.class, first ) ) );
		assertThat( fixture.blobKeys() ).containsExactly( key );
		assertThat( fixture.filesOnDisk() ).containsExactly( key );

		fixture.inTransaction( em -> em.remove( em.find( Owner.class, second ) ) );
		assertThat( fixture.blobKeys() ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	void a_blob_shared_with_an_owner_in_the_same_session_survives(Fixture fixture) {
		final long first = newOwner( fixture, text( "shared", "shared.txt" ), null );
		final long second = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "bob" );
			owner.photos.add( em.find( Owner.class, first ).avatar.copy() );
			em.persist( owner );
			return owner.id;
		} );

		fixture.inTransaction( em -> {
			final Owner bob = em.find( Owner.class, second );
			assertThat( bob.photos ).hasSize( 1 );
			em.find( Owner.class, first ).avatar = null;
		} );

		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 1 );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() );
	}
}
