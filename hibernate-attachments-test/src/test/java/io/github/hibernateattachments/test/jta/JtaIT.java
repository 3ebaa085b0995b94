package io.github.hibernateattachments.test.jta;

import java.util.Set;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.test.DatabaseTest;
import io.github.hibernateattachments.test.Fixture;
import io.github.hibernateattachments.test.Owner;
import io.github.hibernateattachments.test.Setting;

import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guarantees of the resource-local tests, under JTA (Narayana, XA connections): upload intents commit on
 * their own, outside the application's JTA transaction; files are deleted only after the JTA commit; a
 * rollback, whoever causes it, deletes the files uploaded in the transaction and leaves no row.
 */
@Setting(name = "hibernate.transaction.coordinator_class", value = "jta")
@Setting(name = "hibernate.transaction.jta.platform", value = "org.hibernate.engine.transaction.jta.platform.internal.NarayanaJtaPlatform")
@Setting(name = "hibernate.connection.provider_class", value = "io.github.hibernateattachments.test.jta.NarayanaConnectionProvider")
@Setting(name = "jakarta.persistence.transactionType", value = "JTA")
@Setting(name = "hibernate.connection.handling_mode", value = "DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION")
class JtaIT {

	private static Attachment text(String content, String filename) {
		return Attachment.of( content.getBytes(), filename );
	}

	private static long persistOwner(Fixture fixture) throws Exception {
		return Jta.inTransaction( fixture.emf(), em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = text( "old", "old.txt" );
			owner.photos.add( text( "photo", "photo.txt" ) );
			em.persist( owner );
			return owner.id;
		} );
	}

	@DatabaseTest
	void the_upload_intent_commits_outside_the_jta_transaction_and_is_cleared_by_its_commit(Fixture fixture) throws Exception {
		final long[] intentsDuringTheTransaction = new long[1];
		Jta.inTransaction( fixture.emf(), em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = text( "a", "a.txt" );
			em.persist( owner );
			em.flush();
			// another connection sees the intent while the application's transaction is still open
			intentsDuringTheTransaction[0] = fixture.queryLong( "select count(*) from attachment_purges where reason = 'UPLOAD'" );
			assertThat( fixture.count( "attachment_blobs" ) ).isZero();
			return null;
		} );

		assertThat( intentsDuringTheTransaction[0] ).isEqualTo( 1 );
		assertThat( fixture.count( "owners" ) ).isEqualTo( 1 );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 1 );
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() ).hasSize( 1 );
	}

	@DatabaseTest
	void a_replaced_file_is_deleted_after_the_jta_commit_and_not_before(Fixture fixture) throws Exception {
		final long id = persistOwner( fixture );
		final String oldKey = fixture.queryStrings( "select storage_key from attachment_blobs where filename = 'old.txt'" ).get( 0 );
		final boolean[] oldFileKeptUntilCommit = new boolean[1];

		Jta.inTransaction( fixture.emf(), em -> {
			em.find( Owner.class, id ).avatar = text( "new", "new.txt" );
			em.flush();
			oldFileKeptUntilCommit[0] = fixture.filesOnDisk().contains( oldKey );
			return null;
		} );

		assertThat( oldFileKeptUntilCommit[0] ).isTrue();
		assertThat( fixture.blobKeys() ).hasSize( 2 ).doesNotContain( oldKey );
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() );
		assertThat( fixture.count( "attachment_purges" ) ).as( "nothing left for the outbox worker" ).isZero();
	}

	@DatabaseTest
	void removing_the_owner_deletes_its_files_after_the_jta_commit(Fixture fixture) throws Exception {
		final long id = persistOwner( fixture );

		Jta.inTransaction( fixture.emf(), em -> {
			em.remove( em.find( Owner.class, id ) );
			return null;
		} );

		assertThat( fixture.count( "owners" ) + fixture.count( "attachment_blobs" ) + fixture.count( "attachment_purges" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	void a_jta_rollback_deletes_the_uploaded_files_and_keeps_the_committed_ones(Fixture fixture) throws Exception {
		final long id = persistOwner( fixture );
		final Set<String> before = fixture.blobKeys();

		Jta.TM.begin();
		final var em = fixture.emf().createEntityManager();
		try {
			em.find( Owner.class, id ).avatar = text( "new", "new.txt" );
			em.persist( new Owner( "bob" ) );
			em.flush();
			assertThat( fixture.filesOnDisk() ).hasSize( 3 );
		}
		finally {
			Jta.TM.rollback();
			em.close();
		}

		assertThat( fixture.blobKeys() ).isEqualTo( before );
		assertThat( fixture.filesOnDisk() ).isEqualTo( before );
		assertThat( fixture.count( "owners" ) ).isEqualTo( 1 );
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	void a_rollback_caused_by_another_resource_deletes_the_uploads_and_no_committed_file(Fixture fixture) throws Exception {
		final long id = persistOwner( fixture );
		final Set<String> before = fixture.blobKeys();

		assertThatThrownBy( () -> Jta.inTransaction( fixture.emf(), em -> {
			try {
				Jta.enlistRefusingResource();
			}
			catch (Exception e) {
				throw new IllegalStateException( e );
			}
			final Owner owner = em.find( Owner.class, id );
			owner.avatar = text( "new", "new.txt" );
			owner.photos.clear();
			final Owner other = new Owner( "bob" );
			other.avatar = text( "b", "b.txt" );
			em.persist( other );
			return null;
		} ) ).isInstanceOf( RollbackException.class );

		assertThat( Jta.TM.getStatus() ).isEqualTo( Status.STATUS_NO_TRANSACTION );
		assertThat( fixture.blobKeys() ).isEqualTo( before );
		assertThat( fixture.filesOnDisk() ).isEqualTo( before );
		assertThat( fixture.count( "owners" ) ).isEqualTo( 1 );
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	void a_rollback_only_mark_set_by_another_component_deletes_the_uploads(Fixture fixture) throws Exception {
		assertThatThrownBy( () -> Jta.inTransaction( fixture.emf(), em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = text( "a", "a.txt" );
			em.persist( owner );
			em.flush();
			try {
				Jta.TM.setRollbackOnly(); // as an EJB's setRollbackOnly() or a failed validation elsewhere does
			}
			catch (Exception e) {
				throw new IllegalStateException( e );
			}
			return null;
		} ) ).isInstanceOf( RollbackException.class );

		assertThat( fixture.count( "owners" ) + fixture.count( "attachment_blobs" ) + fixture.count( "attachment_purges" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "0")
	void maintenance_called_inside_a_jta_transaction_runs_in_its_own_and_leaves_the_callers_alone(Fixture fixture) throws Exception {
		final long id = persistOwner( fixture );
		fixture.execute( "delete from Owner_photos" );
		fixture.execute( "update owners set avatar_blob_id = null" );

		Jta.inTransaction( fixture.emf(), em -> {
			em.find( Owner.class, id ).name = "renamed";
			assertThat( fixture.attachments().sweep().deleted() ).isEqualTo( 2 );
			return null;
		} );

		assertThat( fixture.queryStrings( "select name from owners" ) ).containsExactly( "renamed" );
		assertThat( fixture.count( "attachment_blobs" ) + fixture.count( "attachment_purges" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}
}
