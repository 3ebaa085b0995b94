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
	void a_rollback_removes_its_upload_even_while_another_transaction_locks_its_intent(Fixture fixture) throws Exception {
		final jakarta.persistence.EntityManager em = fixture.emf().createEntityManager();
		em.getTransaction().begin();
		final Owner owner = new Owner( "bob" );
		owner.avatar = text( "never committed", "n.txt" );
		em.persist( owner );
		em.flush(); // uploaded, its intent committed
		final String uploaded = owner.avatar.key();
		// right after the rollback, before the extension cleans up (the application's synchronizations come
		// first), another transaction holds the intent row's lock for a moment, as an outbox worker's locking
		// scan does on MariaDB under REPEATABLE READ
		final java.util.concurrent.CompletableFuture<?>[] locker = new java.util.concurrent.CompletableFuture<?>[1];
		em.unwrap( org.hibernate.Session.class ).getTransaction().registerSynchronization( new jakarta.transaction.Synchronization() {
			@Override
			public void beforeCompletion() {
			}

			@Override
			public void afterCompletion(int status) {
				final java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch( 1 );
				locker[0] = java.util.concurrent.CompletableFuture.runAsync( () -> {
					try ( java.sql.Connection c = fixture.connection() ) {
						c.setAutoCommit( false );
						try ( java.sql.Statement st = c.createStatement();
								java.sql.ResultSet rs = st.executeQuery( "select id from attachment_purges where storage_key = '"
										+ uploaded + "' for update" ) ) {
							assertThat( rs.next() ).as( "the intent, back after the rollback" ).isTrue();
						}
						locked.countDown();
						sleep( 500 );
						c.commit();
					}
					catch (java.sql.SQLException e) {
						throw new IllegalStateException( e );
					}
				} );
				await( locked );
			}
		} );

		em.getTransaction().rollback();
		em.close();
		locker[0].get( 30, java.util.concurrent.TimeUnit.SECONDS );

		assertThat( fixture.outboxKeys() ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	private static void await(java.util.concurrent.CountDownLatch latch) {
		try {
			latch.await( 30, java.util.concurrent.TimeUnit.SECONDS );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep( millis );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
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
