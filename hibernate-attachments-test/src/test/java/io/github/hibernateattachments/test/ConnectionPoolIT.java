package io.github.hibernateattachments.test;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;

import static io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool of exactly one connection ({@link OneConnectionPool}, which makes callers wait as HikariCP does): by
 * default an upload fails within the intent timeout with a message saying what to size, never hangs; with
 * {@code upload.intent=none} it works on one connection.
 */
@Setting(name = "hibernate.connection.provider_class", value = "io.github.hibernateattachments.test.OneConnectionPool")
class ConnectionPoolIT {

	private static void ownerWithAvatar(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "avatar".getBytes(), "avatar.txt" );
			em.persist( owner );
		} );
	}

	@IntegrityNotChecked("the intent of the upload that timed out commits later; the worker removes it after the grace period")
	@DatabaseTest
	@Setting(name = AttachmentsSettings.UPLOAD_INTENT_TIMEOUT, value = "2s")
	void with_intents_in_their_own_transaction_a_pool_of_one_fails_fast_saying_what_to_size(Fixture fixture) {
		final long start = System.nanoTime();

		assertAttachmentError( () -> ownerWithAvatar( fixture ) )
				.hasMessageStartingWith( "Unable to store the attachment of Owner#new.avatar: its upload intent needs a"
						+ " second connection of the pool" )
				.hasMessageContaining( "none was free within 2000 ms" )
				.hasMessageContaining( "Size the connection pool to at least twice" )
				.hasMessageContaining( "'hibernate.attachments.upload.intent=none'" );

		assertThat( ( System.nanoTime() - start ) / 1_000_000 ).as( "milliseconds until the failure" ).isLessThan( 20_000 );
		assertThat( fixture.count( "owners" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.UPLOAD_INTENT, value = "none")
	void without_intents_one_connection_is_enough_and_a_rollback_still_deletes_the_file(Fixture fixture) {
		ownerWithAvatar( fixture );

		assertThat( fixture.count( "owners" ) ).isEqualTo( 1 );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() ).hasSize( 1 );
		assertThat( fixture.outboxKeys() ).isEmpty();

		fixture.inRolledBackTransaction( em -> {
			final Owner owner = new Owner( "grace" );
			owner.avatar = Attachment.of( "rolled back".getBytes(), "gone.txt" );
			em.persist( owner );
		} );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() ).hasSize( 1 );
	}
}
