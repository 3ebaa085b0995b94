package io.github.hibernateattachments.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.SweepReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 001: a nightly job deletes thousands of spam users with a bulk delete, which no listener sees. The
 * foreign keys keep the data valid; the sweeper makes sure no blob row or file outlives its last reference
 * (I4).
 */
@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "0")
@Setting(name = "hibernate.jdbc.batch_size", value = "100")
class SweeperIT {

	private static final String UNREFERENCED = "select count(*) from attachment_blobs b where"
			+ " not exists (select 1 from owners o where o.avatar_blob_id = b.id or o.banner_blob_id = b.id)"
			+ " and not exists (select 1 from Owner_photos p where p.blob_id = b.id)"
			+ " and not exists (select 1 from contracts c where c.signedCopy_blob_id = b.id or c.draft_blob_id = b.id)"
			+ " and not exists (select 1 from Contract_annexes a where a.blob_id = b.id)";

	/** Creates owners named {@code name}, each with an avatar and one photo, 500 per transaction. */
	private static void owners(Fixture fixture, String name, int count) {
		owners( fixture, name, count, true );
	}

	private static void owners(Fixture fixture, String name, int count, boolean withPhoto) {
		for ( int start = 0; start < count; start += 500 ) {
			final int first = start;
			final int last = Math.min( count, start + 500 );
			fixture.inTransaction( em -> {
				for ( int i = first; i < last; i++ ) {
					final Owner owner = new Owner( name );
					owner.avatar = Attachment.of( ( name + i ).getBytes(), "avatar.txt" );
					if ( withPhoto ) {
						owner.photos.add( Attachment.of( ( name + " photo " + i ).getBytes(), "photo.txt" ) );
					}
					em.persist( owner );
				}
			} );
		}
	}

	private static void assertNoLeak(Fixture fixture) {
		assertThat( fixture.queryLong( UNREFERENCED ) ).as( "unreferenced blob rows" ).isZero();
		assertThat( fixture.filesOnDisk() ).as( "files on disk = blob rows" ).isEqualTo( fixture.blobKeys() );
		assertThat( fixture.count( "attachment_purges" ) ).as( "outbox rows" ).isZero();
	}

	@DatabaseTest
	@OnlyOn({ Database.H2, Database.POSTGRESQL }) // MariaDB has databases, not schemas
	@Setting(name = "hibernate.default_schema", value = "app")
	@Setting(name = "jakarta.persistence.create-database-schemas", value = "true")
	@Setting(name = AttachmentsSettings.SERVICES + "archive.type", value = "disk")
	@Setting(name = AttachmentsSettings.SERVICES + "archive.root", value = "{tmp}/archive")
	@Setting(name = AttachmentsSettings.SERVICE, value = "disk")
	void sweep_reconciliation_and_move_work_in_hibernates_default_schema(Fixture fixture) {
		fixture.inTransaction( em -> {
			for ( int i = 0; i < 3; i++ ) {
				final Owner owner = new Owner( "o" + i );
				owner.avatar = Attachment.of( ( "a" + i ).getBytes(), "a.txt" );
				em.persist( owner );
			}
		} );
		fixture.inTransaction( em -> em.createQuery( "delete from Owner where name = 'o0'" ).executeUpdate() );
		assertThat( fixture.queryLong( "select count(*) from app.attachment_blobs" ) ).isEqualTo( 3 );

		final SweepReport report = fixture.attachments().sweep();

		assertThat( report.deleted() ).isEqualTo( 1 );
		assertThat( fixture.queryLong( "select count(*) from app.attachment_blobs" ) ).isEqualTo( 2 );
		assertThat( fixture.storage().keys() ).hasSize( 2 );
		assertThat( fixture.attachments().reconcile( false, false ).consistent() ).isTrue();
		assertThat( fixture.attachments().checkIntegrity( java.time.Duration.ZERO ).sound() ).isTrue();

		assertThat( fixture.attachments().moveBlobs( "disk", "archive" ).reassigned() ).isEqualTo( 2 );
		assertThat( fixture.queryStrings( "select distinct service_name from app.attachment_blobs" ) ).containsExactly( "archive" );
	}

	@DatabaseTest
	void bulk_deleting_five_thousand_spam_users_by_jpql_leaks_nothing_after_a_sweep(Fixture fixture) {
		owners( fixture, "spam", 5000, false );
		owners( fixture, "keeper", 50 );
		final Set<String> keepers = new TreeSet<>( fixture.queryStrings( "select b.storage_key from attachment_blobs b"
				+ " join owners o on o.avatar_blob_id = b.id where o.name = 'keeper'" ) );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 5000 + 100 );

		final int deleted = fixture.fromTransaction( em -> em.createQuery( "delete from Owner o where o.name = 'spam'" ).executeUpdate() );
		assertThat( deleted ).isEqualTo( 5000 );
		assertThat( fixture.queryLong( UNREFERENCED ) ).isEqualTo( 5000 );
		fixture.storage().clearCalls();

		final SweepReport report = fixture.attachments().sweep();

		assertThat( report.found() ).isEqualTo( 5000 );
		assertThat( report.filesDeleted() ).isEqualTo( 5000 );
		assertThat( report.filesFailed() ).isZero();
		assertNoLeak( fixture );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 100 );
		assertThat( fixture.blobKeys() ).containsAll( keepers );
		assertThat( fixture.storage().calls() ).as( "no referenced blob touched" )
				.noneMatch( c -> keepers.stream().anyMatch( c::endsWith ) );
	}

	@DatabaseTest
	void a_native_sql_delete_cascading_to_the_list_table_leaks_nothing_after_a_sweep(Fixture fixture) throws Exception {
		owners( fixture, "spam", 300 );
		owners( fixture, "keeper", 10 );

		// the database cascades Owner_photos rows (ON DELETE CASCADE): nothing in Hibernate sees them go
		final int deleted = fixture.execute( "delete from owners where name = 'spam'" );
		assertThat( deleted ).isEqualTo( 300 );
		assertThat( fixture.count( "Owner_photos" ) ).isEqualTo( 10 );

		final SweepReport report = fixture.attachments().sweep();

		assertThat( report.found() ).isEqualTo( 600 );
		assertNoLeak( fixture );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 20 );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "PT1H")
	void the_grace_period_protects_blobs_stored_a_moment_ago(Fixture fixture) throws Exception {
		owners( fixture, "recent", 20 );
		fixture.execute( "delete from owners" );

		owners( fixture, "kept", 3 ); // referenced: not counted

		final SweepReport report = fixture.attachments().sweep();

		assertThat( report.found() ).isZero();
		assertThat( report.youngerThanGracePeriod() ).isEqualTo( 40 );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 46 );
		assertThat( fixture.filesOnDisk() ).hasSize( 46 );
	}

	@DatabaseTest
	void a_foreign_key_the_mapping_does_not_know_still_protects_its_blob(Fixture fixture) throws Exception {
		owners( fixture, "legacy", 5 );
		// another application's table, not mapped here, references the avatars
		fixture.execute( "create table legacy_docs (id bigint primary key, doc_blob_id bigint,"
				+ " foreign key (doc_blob_id) references attachment_blobs (id))" );
		fixture.execute( "insert into legacy_docs (id, doc_blob_id) select id, avatar_blob_id from owners" );
		fixture.execute( "delete from owners" );

		final SweepReport report = fixture.attachments().sweep();

		assertThat( report.found() ).as( "only the photos" ).isEqualTo( 5 );
		assertThat( fixture.blobKeys() ).hasSize( 5 ).isEqualTo( fixture.filesOnDisk() );
		assertThat( fixture.queryLong( "select count(*) from legacy_docs d join attachment_blobs b on b.id = d.doc_blob_id" ) )
				.isEqualTo( 5 );
	}

	@DatabaseTest
	void attaching_a_copy_of_a_blob_swept_meanwhile_fails_clearly_instead_of_storing_a_null_reference(Fixture fixture)
			throws Exception {
		owners( fixture, "gone", 1 );
		final Attachment copy = fixture.fromTransaction( em -> em.createQuery( "from Owner", Owner.class ).getSingleResult().avatar.copy() );
		fixture.execute( "delete from owners" );
		fixture.attachments().sweep();

		io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError( () -> fixture.inTransaction( em -> {
			final Owner owner = new Owner( "revived" );
			owner.avatar = copy;
			em.persist( owner );
		} ) ).hasMessageStartingWith( "Unable to attach blob " ) // by key, or by id when the copy never loaded it
				.hasMessageContaining( " to Owner#new.avatar: it no longer exists (it was purged or swept after this"
						+ " Attachment was read); attach the content again" );
		assertThat( fixture.count( "owners" ) ).isZero();
	}

	/**
	 * The copied blob is in the attaching session already (the usual way to call copy()), and a sweep in
	 * another transaction deletes it before the attach flushes: the attach fails naming the blob, not on the
	 * foreign key.
	 */
	@DatabaseTest
	void a_copy_of_a_blob_the_session_holds_that_a_sweep_deleted_meanwhile_fails_naming_the_blob(Fixture fixture)
			throws Exception {
		owners( fixture, "source", 1, false );
		final String key = fixture.blobKeys().iterator().next();
		final EntityManager em = fixture.emf().createEntityManager();
		try {
			em.getTransaction().begin();
			final Owner source = em.createQuery( "from Owner", Owner.class ).getSingleResult();
			source.avatar.filename(); // the blob row is loaded in this session
			final Attachment copy = source.avatar.copy();
			fixture.execute( "delete from owners" ); // another process, by SQL
			assertThat( fixture.attachments().sweep().deleted() ).isEqualTo( 1 );

			final Owner target = new Owner( "target" );
			target.avatar = copy;
			io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError( () -> {
				em.persist( target );
				em.flush();
			} ).hasMessage( "Unable to attach blob '" + key + "' to Owner#new.avatar: it no longer exists (it was purged or"
					+ " swept after this Attachment was read); attach the content again" );
		}
		finally {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
			em.close();
		}
		assertThat( fixture.count( "owners" ) ).isZero();
	}

	/**
	 * The other interleaving: the attach flushes first, then a sweep runs before it commits. The blob is
	 * unreferenced for every other transaction, but the attach's share lock makes the sweep skip it: the attach
	 * commits with its blob row and file. Without the lock (H2 takes none for a foreign-key check) the sweep
	 * deleted both and the attach committed a reference to a missing row.
	 */
	@DatabaseTest
	void a_sweep_between_an_attaching_flush_and_its_commit_skips_the_blob(Fixture fixture) throws Exception {
		owners( fixture, "source", 1, false );
		final String key = fixture.blobKeys().iterator().next();
		final EntityManager em = fixture.emf().createEntityManager();
		try {
			em.getTransaction().begin();
			final Owner source = em.createQuery( "from Owner", Owner.class ).getSingleResult();
			final Attachment copy = source.avatar.copy();
			final Owner target = new Owner( "target" );
			target.avatar = copy;
			em.persist( target );
			em.flush(); // the target row is inserted, not committed

			// another process deletes the source by primary key (a scan would wait for the target's row lock on
			// MariaDB): now only the uncommitted target references the blob
			fixture.execute( "delete from owners where id = " + source.id );
			assertThat( fixture.attachments().sweep().deleted() ).isZero();

			em.getTransaction().commit();
		}
		finally {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
			em.close();
		}
		assertThat( fixture.queryStrings( "select b.storage_key from owners o join attachment_blobs b on b.id = o.avatar_blob_id" ) )
				.containsExactly( key );
		assertThat( fixture.filesOnDisk() ).containsExactly( key );
	}

	@DatabaseTest
	void a_dry_run_counts_and_deletes_nothing(Fixture fixture) throws Exception {
		owners( fixture, "spam", 30 );
		fixture.execute( "delete from owners" );

		final SweepReport report = fixture.attachments().sweep( true, r -> { } );

		assertThat( report.dryRun() ).isTrue();
		assertThat( report.found() ).isEqualTo( 60 );
		assertThat( report.sampleKeys() ).hasSize( 20 ).allMatch( k -> k.matches( "[a-z2-7]{32}" ) );
		assertThat( report.deleted() ).isZero();
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 60 );
		assertThat( fixture.filesOnDisk() ).hasSize( 60 );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	void a_storage_failure_during_the_sweep_leaves_the_outbox_row_and_a_consistent_database(Fixture fixture) throws Exception {
		owners( fixture, "spam", 10 );
		fixture.execute( "delete from owners" );
		fixture.storage().failNextDeletes( 5 );

		final SweepReport report = fixture.attachments().sweep();

		assertThat( report.deleted() ).isEqualTo( 20 );
		assertThat( report.filesFailed() ).isEqualTo( 5 );
		assertThat( fixture.count( "attachment_blobs" ) ).isZero();
		assertThat( fixture.count( "attachment_purges" ) ).isEqualTo( 5 );
		assertThat( fixture.outboxKeys() ).isEqualTo( fixture.filesOnDisk() );

		fixture.attachments().processOutbox();
		assertNoLeak( fixture );
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	void the_outbox_rows_of_a_sweep_take_ids_from_the_sequence_around_those_another_instance_took(Fixture fixture)
			throws Exception {
		owners( fixture, "spam", 60 ); // 120 upload intents: this instance holds a partly used block of ids
		final EntityManagerFactory other = fixture.newInstance();
		final java.util.function.Consumer<String> attachThroughOther = name -> {
			final EntityManager em = other.createEntityManager();
			em.getTransaction().begin();
			final Owner owner = new Owner( name );
			owner.avatar = Attachment.of( name.getBytes(), "keeper.txt" );
			em.persist( owner );
			em.getTransaction().commit();
			em.close();
		};
		attachThroughOther.accept( "keeper 1" ); // the other instance takes the next block of the sequence
		fixture.execute( "delete from owners where name = 'spam'" );
		fixture.storage().failNextDeletes( 120 ); // keep every outbox row of the sweep to look at

		final SweepReport report = fixture.attachments().sweep();

		assertThat( report.deleted() ).isEqualTo( 120 );
		assertThat( report.filesFailed() ).isEqualTo( 120 );
		// one outbox row per swept blob, each naming that blob's file, with distinct ids...
		assertThat( fixture.count( "attachment_purges" ) ).isEqualTo( 120 );
		assertThat( fixture.queryLong( "select count(distinct id) from attachment_purges where reason = 'PURGE'"
				+ " and attempts = 1 and service_name = (select min(service_name) from attachment_blobs)" ) ).isEqualTo( 120 );
		assertThat( fixture.outboxKeys() ).hasSize( 120 )
				.isEqualTo( fixture.filesOnDisk().stream()
						.filter( key -> !fixture.blobKeys().contains( key ) ).collect( java.util.stream.Collectors.toSet() ) );
		// ...in two runs, around the block the other instance took: the multi-statement path was taken
		assertThat( fixture.queryLong( "select max(id) - min(id) + 1 from attachment_purges" ) ).isGreaterThan( 120 );
		// and the other instance goes on with its own block without colliding
		attachThroughOther.accept( "keeper 2" );
		other.close();
		fixture.attachments().processOutbox();
		assertNoLeak( fixture );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 2 );
	}

	/**
	 * While the sweep's helper thread holds its claimed outbox rows (deleting their files), a user transaction
	 * queues purges in two flushes. On InnoDB, an {@code IN} list over the small outbox table was a full scan
	 * taking next-key locks on every row and gap: the two transactions deadlocked (found in review). Claims and
	 * deletes by primary key lock only their own rows. Runs everywhere; the trap is MariaDB's.
	 */
	@DatabaseTest
	void a_user_purge_while_the_sweep_deletes_files_neither_waits_for_nor_fails_the_other(Fixture fixture)
			throws Exception {
		owners( fixture, "spam", 60, false );
		owners( fixture, "big", 1500, false ); // a blob table large enough for primary-key plans
		if ( fixture.database() == Database.MARIADB ) {
			fixture.queryStrings( "analyze table attachment_blobs" );
		}
		final long a = fixture.fromTransaction( em -> persistOwner( em, "keeper a" ) );
		final long b = fixture.fromTransaction( em -> persistOwner( em, "keeper b" ) );
		fixture.execute( "delete from owners where name = 'spam'" );

		final CountDownLatch firstFlushed = new CountDownLatch( 1 );
		final CountDownLatch helperDeleting = new CountDownLatch( 1 );
		final AtomicBoolean once = new AtomicBoolean();
		fixture.storage().beforeDelete( key -> {
			if ( !Thread.currentThread().getName().equals( "user" ) && once.compareAndSet( false, true ) ) {
				helperDeleting.countDown(); // the helper has claimed its outbox rows and deletes files now
				sleep( 1000 ); // meanwhile the user's second flush queues another purge
			}
		} );
		final ExecutorService user = Executors.newSingleThreadExecutor( r -> new Thread( r, "user" ) );
		try {
			final Future<?> userTransaction = user.submit( () -> fixture.inTransaction( em -> {
				em.remove( em.find( Owner.class, a ) );
				em.flush(); // blob a deleted, its outbox row inserted
				firstFlushed.countDown();
				await( helperDeleting );
				em.remove( em.find( Owner.class, b ) );
				em.flush();
			} ) );
			await( firstFlushed );

			final SweepReport report = fixture.attachments().sweep();

			userTransaction.get( 60, TimeUnit.SECONDS ); // committed, no deadlock
			assertThat( report.deleted() ).isEqualTo( 60 );
			assertThat( report.filesDeleted() ).isEqualTo( 60 );
		}
		finally {
			user.shutdownNow();
		}
		assertNoLeak( fixture );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 1500 );
	}

	private static long persistOwner(EntityManager em, String name) {
		final Owner owner = new Owner( name );
		owner.avatar = Attachment.of( ( name + " avatar" ).getBytes(), "a.txt" );
		em.persist( owner );
		em.flush();
		return owner.id;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep( millis );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat( latch.await( 30, TimeUnit.SECONDS ) ).as( "latch" ).isTrue();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException( e );
		}
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.SWEEP_BATCH_SIZE, value = "25")
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	@Setting(name = AttachmentsSettings.OUTBOX_BATCH_SIZE, value = "10")
	void two_sweepers_and_two_outbox_workers_at_once_purge_every_orphan_once(Fixture fixture) throws Exception {
		owners( fixture, "spam", 400 );
		owners( fixture, "keeper", 10 );
		fixture.execute( "delete from owners where name = 'spam'" );
		fixture.storage().failNextDeletes( 100 ); // some files are left to the workers
		fixture.storage().clearCalls();

		final Attachments first = fixture.attachments();
		final Attachments second = Attachments.of( fixture.newInstance() );
		final ExecutorService pool = Executors.newFixedThreadPool( 4 );
		try {
			final List<Future<Object>> runs = pool.invokeAll( List.<Callable<Object>>of(
					first::sweep, second::sweep, first::processOutbox, second::processOutbox ) );
			for ( Future<Object> run : runs ) {
				run.get(); // no errors
			}
		}
		finally {
			pool.shutdownNow();
		}
		first.processOutbox();

		assertNoLeak( fixture );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 20 );
		final List<String> deletes = fixture.storage().calls().stream().filter( c -> c.startsWith( "delete" ) ).toList();
		// 800 orphans; the 100 failed deletes were retried once each by a worker: every key deleted once,
		// plus one retry for the failed ones
		assertThat( new TreeSet<>( deletes ) ).hasSize( 800 );
		assertThat( deletes ).hasSize( 900 );
	}

	@DatabaseTest
	void an_attach_racing_the_sweeper_either_keeps_the_blob_or_fails_never_a_reference_without_its_file(Fixture fixture)
			throws Exception {
		final int count = 60;
		owners( fixture, "gone", count );
		final List<Attachment> copies = fixture.fromTransaction(
				em -> em.createQuery( "from Owner", Owner.class ).getResultList().stream().map( o -> o.avatar.copy() ).toList() );
		fixture.execute( "delete from owners" );

		final AtomicInteger attached = new AtomicInteger();
		final AtomicInteger refused = new AtomicInteger();
		final List<Callable<Object>> tasks = new ArrayList<>();
		tasks.add( () -> fixture.attachments().sweep() );
		final List<Attachment> shuffled = new ArrayList<>( copies );
		Collections.shuffle( shuffled );
		for ( int t = 0; t < 3; t++ ) {
			final List<Attachment> mine = shuffled.subList( t * count / 3, ( t + 1 ) * count / 3 );
			tasks.add( () -> {
				for ( Attachment copy : mine ) {
					try {
						fixture.inTransaction( em -> {
							final Owner owner = new Owner( "revived" );
							owner.avatar = copy;
							em.persist( owner );
						} );
						attached.incrementAndGet();
					}
					catch (RuntimeException e) {
						refused.incrementAndGet(); // the sweeper got the blob first: the foreign key refuses
					}
				}
				return null;
			} );
		}
		final ExecutorService pool = Executors.newFixedThreadPool( tasks.size() );
		try {
			for ( Future<Object> run : pool.invokeAll( tasks ) ) {
				run.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		fixture.attachments().sweep(); // whatever the race left (photos, blobs no attach came for)

		assertThat( attached.get() + refused.get() ).isEqualTo( count );
		assertThat( fixture.count( "owners" ) ).isEqualTo( attached.get() );
		// every committed reference has its blob row (the FK) and its file (the point)
		final Set<String> referenced = new TreeSet<>( fixture.queryStrings(
				"select b.storage_key from owners o join attachment_blobs b on b.id = o.avatar_blob_id" ) );
		assertThat( referenced ).hasSize( attached.get() );
		assertThat( fixture.filesOnDisk() ).containsAll( referenced );
		assertNoLeak( fixture );
	}
}
