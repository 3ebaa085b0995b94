package io.github.hibernateattachments.test;

import java.util.List;

import io.github.hibernateattachments.Attachment;

import org.hibernate.LazyInitializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code Attachments.fetchAttachments(em, owners)}: a page of owners with their attachments' metadata in a
 * bounded number of statements, readable after the {@code EntityManager} is closed.
 */
class FetchAttachmentsIT {

	private static void owners(Fixture fixture, int count) {
		fixture.inTransaction( em -> {
			for ( int i = 0; i < count; i++ ) {
				final Owner owner = new Owner( "owner " + i );
				owner.avatar = Attachment.of( ( "avatar " + i ).getBytes(), "avatar-" + i + ".txt" );
				owner.photos.add( Attachment.of( ( "a " + i ).getBytes(), "a-" + i + ".txt" ) );
				owner.photos.add( Attachment.of( ( "b " + i ).getBytes(), "b-" + i + ".txt" ) );
				em.persist( owner );
			}
		} );
	}

	@DatabaseTest
	void a_page_of_owners_with_their_attachments_in_two_statements(Fixture fixture) {
		owners( fixture, 60 );
		fixture.log().clear();

		final List<Owner> page = fixture.fromTransaction( em -> {
			final List<Owner> owners = em.createQuery( "from Owner order by name", Owner.class ).setMaxResults( 50 ).getResultList();
			fixture.attachments().fetchAttachments( em, owners );
			return owners;
		} );

		// read after the EntityManager closed: everything the page shows was loaded with it
		assertThat( page ).hasSize( 50 );
		for ( Owner owner : page ) {
			final String n = owner.name.substring( "owner ".length() );
			assertThat( owner.avatar.filename() ).isEqualTo( "avatar-" + n + ".txt" );
			assertThat( owner.avatar.byteSize() ).isEqualTo( ( "avatar " + n ).length() );
			assertThat( owner.photos ).extracting( Attachment::filename ).containsExactly( "a-" + n + ".txt", "b-" + n + ".txt" );
		}
		// the page, then its attachments (not 50 + 150 blob rows + 50 photo lists)
		assertThat( fixture.log().events().stream().filter( e -> e.startsWith( "sql: select" ) ) ).hasSize( 2 );
	}

	@DatabaseTest
	void without_the_graph_the_metadata_is_not_loaded(Fixture fixture) {
		owners( fixture, 1 );

		final Owner owner = fixture.fromTransaction( em -> em.createQuery( "from Owner", Owner.class ).getSingleResult() );

		assertThatThrownBy( () -> owner.avatar.filename() ).isInstanceOf( LazyInitializationException.class );
	}
}
