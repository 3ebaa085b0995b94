package io.github.hibernateattachments.test;

import java.util.List;

import io.github.hibernateattachments.Attachment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code merge()} (Spring Data's {@code save()} of an entity that has an id) keeps pending attachments: Hibernate
 * copies an embeddable's persistent state only, and the content of {@code Attachment.of(...)} is not persistent
 * until stored.
 */
class MergeIT {

	private static Attachment text(String content, String filename) {
		return Attachment.of( content.getBytes(), filename );
	}

	private static List<String> contents(Fixture fixture, long ownerId) {
		return fixture.fromTransaction( em -> {
			final Owner owner = em.find( Owner.class, ownerId );
			final List<String> result = new java.util.ArrayList<>();
			result.add( owner.avatar == null ? null : read( fixture, owner.avatar ) );
			owner.photos.forEach( photo -> result.add( read( fixture, photo ) ) );
			return result;
		} );
	}

	private static String read(Fixture fixture, Attachment attachment) {
		try ( var in = fixture.attachments().openStream( attachment ) ) {
			return new String( in.readAllBytes() );
		}
		catch (java.io.IOException e) {
			throw new AssertionError( e );
		}
	}

	@DatabaseTest
	void a_new_owner_merged_with_pending_attachments_stores_them(Fixture fixture) {
		final Owner fresh = new Owner( "ada" );
		fresh.avatar = text( "avatar", "avatar.txt" );
		fresh.photos.add( text( "one", "one.txt" ) );
		fresh.photos.add( text( "two", "two.txt" ) );

		final long id = fixture.fromTransaction( em -> em.merge( fresh ).id );

		assertThat( fixture.queryLong( "select count(*) from owners where avatar_blob_id is null" ) ).isZero();
		assertThat( contents( fixture, id ) ).containsExactly( "avatar", "one", "two" );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() ).hasSize( 3 );
	}

	@DatabaseTest
	void a_detached_owner_whose_attachments_were_replaced_stores_the_new_and_purges_the_old(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = text( "old avatar", "old.txt" );
			owner.photos.add( text( "old photo", "photo.txt" ) );
			em.persist( owner );
			return owner.id;
		} );
		final Owner detached = fixture.fromTransaction( em -> em.createQuery(
				"select o from Owner o left join fetch o.photos where o.id = :id", Owner.class ).setParameter( "id", id ).getSingleResult() );
		final var oldKeys = fixture.blobKeys();

		detached.avatar = text( "new avatar", "new.txt" );
		detached.photos.set( 0, text( "new photo", "photo.txt" ) );
		detached.photos.add( text( "added photo", "added.txt" ) );
		fixture.inTransaction( em -> em.merge( detached ) );

		assertThat( contents( fixture, id ) ).containsExactly( "new avatar", "new photo", "added photo" );
		assertThat( fixture.blobKeys() ).hasSize( 3 ).doesNotContainAnyElementsOf( oldKeys );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() );
		assertThat( fixture.outboxKeys() ).isEmpty();
	}

	@DatabaseTest
	void a_detached_owner_merged_unchanged_keeps_its_files(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = text( "avatar", "avatar.txt" );
			em.persist( owner );
			return owner.id;
		} );
		final Owner detached = fixture.fromTransaction( em -> em.find( Owner.class, id ) );
		final var keys = fixture.blobKeys();

		detached.name = "ada lovelace";
		fixture.inTransaction( em -> em.merge( detached ) );

		assertThat( fixture.blobKeys() ).isEqualTo( keys );
		assertThat( fixture.filesOnDisk() ).isEqualTo( keys );
		assertThat( contents( fixture, id ) ).containsExactly( "avatar" );
	}
}
