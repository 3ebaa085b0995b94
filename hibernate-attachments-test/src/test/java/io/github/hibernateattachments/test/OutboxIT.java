package io.github.hibernateattachments.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.OutboxReport;

import org.hibernate.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox: files whose delete failed after commit, and uploads that never committed, are deleted later
 * by the worker, which is safe to run from several application instances at once (I4).
 */
class OutboxIT {

	private static long ownerWithAvatar(Fixture fixture) {
		return fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "content".getBytes(), "a.txt" );
			em.persist( owner );
			return owner.id;
		} );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	void a_failed_delete_after_commit_leaves_the_applications_entity_manager_usable(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "content".getBytes(), "a.txt" );
			em.persist( owner );
			return owner.id;
		} );
		// one entity manager across transactions, as Java SE applications keep them: the outbox rows of its
		// purges are entities it manages, which the after-commit delete must not change behind its back
		final jakarta.persistence.EntityManager em = fixture.emf().createEntityManager();
		try {
			fixture.storage().failNextDeletes( 1 );
			em.getTransaction().begin();
			em.remove( em.find( Owner.class, id ) );
			em.getTransaction().commit();
			assertThat( fixture.queryLong( "select attempts from attachment_purges" ) ).isEqualTo( 1 );
			assertThat( fixture.queryStrings( "select last_error from attachment_purges" ) ).singleElement()
					.asString().contains( "Simulated outage" );
			fixture.attachments().processOutbox(); // the worker finishes the job
			assertThat( fixture.count( "attachment_purges" ) ).isZero();
			assertThat( fixture.filesOnDisk() ).isEmpty();

			em.getTransaction().begin(); // and the same entity manager goes on with unrelated work
			em.persist( new Owner( "bob" ) );
			em.getTransaction().commit();
			assertThat( fixture.count( "owners" ) ).isEqualTo( 1 );
		}
		finally {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
			em.close();
		}
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	void a_storage_delete_that_fails_after_commit_is_retried_by_the_worker(Fixture fixture) {
		final long id = ownerWithAvatar( fixture );
		final String key = fixture.blobKeys().iterator().next();
		fixture.storage().failNextDeletes( 1 );

		fixture.inTransaction( em -> em.remove( em.find( Owner.class, id ) ) );

		// committed: the rows are gone, the file is still there, and the outbox remembers it
		assertThat( fixture.count( "owners" ) + fixture.count( "attachment_blobs" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).containsExactly( key );
		assertThat( fixture.outboxKeys() ).containsExactly( key );
		assertThat( fixture.queryLong( "select attempts from attachment_purges" ) ).isEqualTo( 1 );
		assertThat( fixture.queryStrings( "select last_error from attachment_purges" ).get( 0 ) )
				.contains( "Simulated outage" ).contains( key );

		final OutboxReport report = fixture.attachments().processOutbox();

		assertThat( report ).isEqualTo( new OutboxReport( 1, 1, 0, 0 ) );
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "PT1H")
	void a_failing_delete_backs_off_and_is_not_retried_before_it_is_due(Fixture fixture) {
		final long id = ownerWithAvatar( fixture );
		fixture.storage().failNextDeletes( 1 );
		fixture.inTransaction( em -> em.remove( em.find( Owner.class, id ) ) );

		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 0, 0, 0, 0 ) );
		assertThat( fixture.count( "attachment_purges" ) ).isEqualTo( 1 );
		assertThat( fixture.filesOnDisk() ).hasSize( 1 );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	void a_delete_that_keeps_failing_stays_in_the_outbox_with_its_attempts(Fixture fixture) {
		final long id = ownerWithAvatar( fixture );
		fixture.storage().failNextDeletes( 3 );
		fixture.inTransaction( em -> em.remove( em.find( Owner.class, id ) ) );

		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 1, 0, 1, 0 ) );
		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 1, 0, 1, 0 ) );
		assertThat( fixture.queryLong( "select attempts from attachment_purges" ) ).isEqualTo( 3 );
		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 1, 1, 0, 0 ) );
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.UPLOAD_GRACE_PERIOD, value = "0")
	void an_upload_whose_process_died_before_commit_is_removed_after_the_grace_period(Fixture fixture) {
		// the process "dies": the database rolls the transaction back behind Hibernate's back, so no
		// rollback callback runs; only the upload intent, committed in its own transaction, remains
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "lost".getBytes(), "lost.txt" );
			em.persist( owner );
			em.flush();
			em.unwrap( Session.class ).doWork( connection -> connection.rollback() );
		} );
		assertThat( fixture.count( "owners" ) + fixture.count( "attachment_blobs" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).hasSize( 1 );
		assertThat( fixture.queryStrings( "select reason from attachment_purges" ) ).containsExactly( "UPLOAD" );

		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 1, 1, 0, 0 ) );

		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@IntegrityNotChecked("an upload stays in flight, its transaction rolled back behind Hibernate's back")
	@DatabaseTest
	@Setting(name = AttachmentsSettings.UPLOAD_GRACE_PERIOD, value = "PT1H")
	void an_upload_within_its_grace_period_is_left_alone(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "in flight".getBytes(), "slow.txt" );
			em.persist( owner );
			em.flush();
			em.unwrap( Session.class ).doWork( connection -> connection.rollback() );
		} );

		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 0, 0, 0, 0 ) );
		assertThat( fixture.filesOnDisk() ).hasSize( 1 );
	}

	@DatabaseTest
	void an_intent_left_behind_by_a_committed_upload_never_deletes_the_file(Fixture fixture) throws Exception {
		ownerWithAvatar( fixture );
		final String key = fixture.blobKeys().iterator().next();
		// an intent row for a committed blob, due now: the worker must see the blob row and keep the file
		fixture.execute( "insert into attachment_purges (id, storage_key, service_name, reason, due_at, attempts)"
				+ " values (999999, '" + key + "', 'disk', 'UPLOAD', current_timestamp - interval '1' hour, 0)" );

		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 1, 0, 0, 1 ) );

		assertThat( fixture.filesOnDisk() ).containsExactly( key );
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	@Setting(name = "hibernate.connection.isolation", value = "SERIALIZABLE")
	void under_snapshot_isolation_the_upload_intent_is_cleared_after_commit(Fixture fixture) {
		// the transaction's snapshot is taken by its first query, before the upload commits its intent: the
		// transaction cannot delete a row it does not see (PostgreSQL, H2; MariaDB reads the latest row)
		fixture.inTransaction( em -> {
			em.createQuery( "select count(o) from Owner o", Long.class ).getSingleResult();
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "a".getBytes(), "a.txt" );
			em.persist( owner );
		} );

		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 1 );
		assertThat( fixture.count( "attachment_purges" ) ).as( "intent rows left behind" ).isZero();
		assertThat( fixture.filesOnDisk() ).isEqualTo( fixture.blobKeys() );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	@Setting(name = AttachmentsSettings.OUTBOX_BATCH_SIZE, value = "7")
	void two_instances_running_the_worker_at_once_process_every_row_without_errors(Fixture fixture) throws Exception {
		final int owners = 60;
		final List<Long> ids = new ArrayList<>();
		for ( int i = 0; i < owners; i++ ) {
			ids.add( ownerWithAvatar( fixture ) );
		}
		fixture.storage().failNextDeletes( owners ); // every after-commit delete fails: all left to the workers
		fixture.inTransaction( em -> ids.forEach( id -> em.remove( em.find( Owner.class, id ) ) ) );
		assertThat( fixture.count( "attachment_purges" ) ).isEqualTo( owners );
		fixture.storage().clearCalls();

		final Attachments first = fixture.attachments();
		final Attachments second = Attachments.of( fixture.newInstance() );
		final ExecutorService pool = Executors.newFixedThreadPool( 2 );
		try {
			final List<Future<OutboxReport>> runs = pool.invokeAll( List.<Callable<OutboxReport>>of(
					first::processOutbox, second::processOutbox ) );
			int deleted = 0;
			for ( Future<OutboxReport> run : runs ) {
				final OutboxReport report = run.get();
				assertThat( report.failed() ).isZero();
				deleted += report.deleted();
			}
			assertThat( deleted ).isEqualTo( owners );
		}
		finally {
			pool.shutdownNow();
		}
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).isEmpty();
		// each file was deleted by exactly one of the two workers
		assertThat( fixture.storage().calls() ).hasSize( owners ).doesNotHaveDuplicates();
		final String claim = fixture.log().events().stream()
				.filter( e -> e.startsWith( "sql: select" ) && e.contains( "from attachment_purges" ) ).findFirst().orElseThrow();
		// rows are claimed, not read: H2 renders "for update skip locked", PostgreSQL "for no key update ... skip locked"
		assertThat( claim ).containsPattern( "for (no key )?update" ).endsWith( "skip locked" );
	}
}
