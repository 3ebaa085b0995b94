package io.github.hibernateattachments.test;

import java.util.Set;

import io.github.hibernateattachments.Attachment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollback at any step deletes nothing that was committed and leaves no uploaded file behind (I2, I3).
 */
class RollbackIT {

	private static Attachment text(String content, String filename) {
		return Attachment.of( content.getBytes(), filename );
	}

	@DatabaseTest
	void a_rolled_back_attach_leaves_no_row_and_no_file(Fixture fixture) {
		fixture.inRolledBackTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = text( "a", "a.txt" );
			owner.photos.add( text( "b", "b.txt" ) );
			em.persist( owner );
		} );

		assertThat( fixture.count( "owners" ) + fixture.count( "attachment_blobs" ) + fixture.count( "attachment_purges" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.storage().calls() ).hasSize( 4 )
				.filteredOn( c -> c.startsWith( "delete" ) ).hasSize( 2 );
	}

	@DatabaseTest
	void a_rolled_back_replace_keeps_the_old_file_and_removes_the_new_one(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = text( "old", "old.txt" );
			em.persist( owner );
			return owner.id;
		} );
		final Set<String> before = fixture.blobKeys();

		fixture.inRolledBackTransaction( em -> em.find( Owner.class, id ).avatar = text( "new", "new.txt" ) );

		assertThat( fixture.blobKeys() ).isEqualTo( before );
		assertThat( fixture.filesOnDisk() ).isEqualTo( before );
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	void a_rolled_back_owner_delete_deletes_no_row_and_no_file(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = text( "a", "a.txt" );
			owner.photos.add( text( "b", "b.txt" ) );
			em.persist( owner );
			return owner.id;
		} );
		final Set<String> before = fixture.blobKeys();
		fixture.storage().clearCalls();

		fixture.inRolledBackTransaction( em -> em.remove( em.find( Owner.class, id ) ) );

		assertThat( fixture.count( "owners" ) ).isEqualTo( 1 );
		assertThat( fixture.count( "Owner_photos" ) ).isEqualTo( 1 );
		assertThat( fixture.blobKeys() ).isEqualTo( before );
		assertThat( fixture.filesOnDisk() ).isEqualTo( before );
		assertThat( fixture.storage().calls() ).isEmpty();
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	void a_rolled_back_list_removal_keeps_the_blob(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.photos.add( text( "1", "1.txt" ) );
			owner.photos.add( text( "2", "2.txt" ) );
			em.persist( owner );
			return owner.id;
		} );
		final Set<String> before = fixture.blobKeys();

		fixture.inRolledBackTransaction( em -> em.find( Owner.class, id ).photos.clear() );

		assertThat( fixture.count( "Owner_photos" ) ).isEqualTo( 2 );
		assertThat( fixture.blobKeys() ).isEqualTo( before );
		assertThat( fixture.filesOnDisk() ).isEqualTo( before );
	}
}
