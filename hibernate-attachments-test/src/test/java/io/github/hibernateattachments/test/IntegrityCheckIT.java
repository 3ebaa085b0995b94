package io.github.hibernateattachments.test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.IntegrityReport.Kind;

import static io.github.hibernateattachments.testing.AttachmentsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The integrity check ({@link Attachments#checkIntegrity(Duration)}, and the test kit's {@code assertThat(emf)} on
 * it) finds each kind of disagreement planted behind the extension's back, and nothing on a sound history.
 */
@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "0")
class IntegrityCheckIT {

	@DatabaseTest
	void a_history_of_attaches_replaces_and_deletes_is_sound(Fixture fixture) {
		final Long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "a" );
			owner.avatar = Attachment.of( "one".getBytes(), "1.txt" );
			owner.photos.add( Attachment.of( "p1".getBytes(), "p1.txt" ) );
			owner.photos.add( Attachment.of( "p2".getBytes(), "p2.txt" ) );
			em.persist( owner );
			em.persist( new Owner( "b" ) );
			return owner.id;
		} );
		fixture.inTransaction( em -> {
			final Owner owner = em.find( Owner.class, id );
			owner.avatar = Attachment.of( "two".getBytes(), "2.txt" );
			owner.photos.remove( 0 );
		} );

		final IntegrityReport report = fixture.attachments().checkIntegrity( Duration.ZERO );

		assertThat( report.sound() ).as( report.render() ).isTrue();
		assertThat( report.blobRows() ).isEqualTo( 2 );
		assertThat( report.files() ).isEqualTo( 2 );
		assertThat( report.awaitingSweep() ).isZero();
		assertThat( report.render() ).isEqualTo( "Attachments integrity: sound (2 blob rows, 2 files, 0 outbox rows,"
				+ " 0 blobs awaiting sweep)" );
		assertThat( fixture.emf() ).isSound().isSoundWithNothingToSweep().hasBlobs( 2 ).hasFiles( 2 ).hasEmptyOutbox();
		fixture.inTransaction( em -> em.remove( em.find( Owner.class, id ) ) );
		assertThat( fixture.emf() ).isSoundWithNothingToSweep().hasBlobs( 0 ).hasFiles( 0 );
	}

	@DatabaseTest
	@IntegrityNotChecked("plants every kind of problem")
	void every_planted_problem_is_reported_with_what_it_concerns(Fixture fixture) throws Exception {
		fixture.inTransaction( em -> {
			for ( int i = 0; i < 4; i++ ) {
				final Owner owner = new Owner( "o" + i );
				owner.avatar = Attachment.of( ( "content-" + i ).getBytes(), "a" + i + ".txt" );
				em.persist( owner );
			}
		} );
		final List<String> keys = fixture.queryStrings( "select b.storage_key from owners o join attachment_blobs b"
				+ " on b.id = o.avatar_blob_id order by o.name" );
		// a file deleted, another resized, behind the extension's back
		Files.delete( fixture.pathOf( keys.get( 0 ) ) );
		Files.write( fixture.pathOf( keys.get( 1 ) ), "much longer content".getBytes() );
		// a file nothing knows
		final String stray = "strayfilestrayfilestrayfile23456";
		fixture.storage().store( stray, new java.io.ByteArrayInputStream( "stray".getBytes() ) );
		// a purge whose delete failed, made due
		fixture.storage().failNextDeletes( 1 );
		fixture.inTransaction( em -> em.createQuery( "from Owner where name = 'o3'", Owner.class ).getSingleResult().avatar = null );
		fixture.execute( "update attachment_purges set due_at = due_at - interval '1' day" );
		// a reference to a blob row that does not exist, written with the foreign keys off
		final long missing = fixture.queryLong( "select max(id) from attachment_blobs" ) + 1000;
		withoutForeignKeyChecks( fixture, "update owners set banner_blob_id = " + missing + " where name = 'o2'" );
		// a blob nothing references (a bulk delete): awaiting the sweeper, not a problem
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "bulk" );
			owner.avatar = Attachment.of( "bulk".getBytes(), "bulk.txt" );
			em.persist( owner );
		} );
		fixture.inTransaction( em -> em.createQuery( "delete from Owner where name = 'bulk'" ).executeUpdate() );
		// an upload whose transaction was rolled back behind Hibernate's back: its intent and file stay
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "lost" );
			owner.avatar = Attachment.of( "lost".getBytes(), "lost.txt" );
			em.persist( owner );
			em.flush();
			em.unwrap( org.hibernate.Session.class ).doWork( java.sql.Connection::rollback );
		} );
		final String lost = fixture.queryStrings( "select storage_key from attachment_purges where reason = 'UPLOAD'" ).get( 0 );

		final IntegrityReport report = fixture.attachments().checkIntegrity( Duration.ZERO );

		assertThat( report.sound() ).isFalse();
		assertThat( report.counts() ).containsOnly(
				java.util.Map.entry( Kind.ROW_WITHOUT_FILE, 1L ),
				java.util.Map.entry( Kind.DAMAGED_FILE, 1L ),
				java.util.Map.entry( Kind.FILE_WITHOUT_ROW, 1L ),
				java.util.Map.entry( Kind.DUE_OUTBOX_ROW, 1L ),
				java.util.Map.entry( Kind.DANGLING_REFERENCE, 1L ),
				java.util.Map.entry( Kind.ABANDONED_UPLOAD, 1L ) );
		assertThat( report.problems( Kind.ABANDONED_UPLOAD ).get( 0 ).description() )
				.startsWith( "'" + lost + "' in disk: the worker deletes it after " );
		assertThat( report.problems( Kind.ROW_WITHOUT_FILE ).get( 0 ).description() ).contains( keys.get( 0 ), "no file in disk" );
		assertThat( report.problems( Kind.DAMAGED_FILE ).get( 0 ).description() ).contains( keys.get( 1 ), "19 bytes, 9 recorded" );
		assertThat( report.problems( Kind.FILE_WITHOUT_ROW ).get( 0 ).description() ).contains( stray, "in disk", "5 bytes" );
		assertThat( report.problems( Kind.DUE_OUTBOX_ROW ).get( 0 ).description() )
				.contains( "purge of '" + keys.get( 3 ) + "' in disk", "1 failed attempts", "Simulated outage" );
		assertThat( report.problems( Kind.DANGLING_REFERENCE ).get( 0 ).description() )
				.containsIgnoringCase( "owners" ).containsIgnoringCase( "banner_blob_id = " + missing ).contains( "no such blob row" );
		assertThat( report.awaitingSweep() ).isEqualTo( 1 );
		assertThat( report.render() ).startsWith( "Attachments integrity: 6 problems (4 blob rows, 6 files, 2 outbox rows,"
				+ " 1 blobs awaiting sweep)\n1 blob rows without their file:\n  blob #" );
		assertThatThrownBy( () -> assertThat( fixture.emf() ).isSound() )
				.isInstanceOf( AssertionError.class )
				.hasMessageContaining( "Expected the attachments to be sound, but:" )
				.hasMessageContaining( "1 references to missing blob rows:" );
		assertThatThrownBy( () -> io.github.hibernateattachments.testing.AttachmentsAssertions.assertSound( fixture.emf() ) )
				.isInstanceOf( AssertionError.class )
				.hasMessageContaining( stray );
	}

	@DatabaseTest
	void young_files_and_unreferenced_blobs_are_left_out_when_asked(Fixture fixture) throws Exception {
		fixture.storage().store( "youngfileyoungfileyoungfile23456", new java.io.ByteArrayInputStream( "y".getBytes() ) );
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "bulk" );
			owner.avatar = Attachment.of( "bulk".getBytes(), "bulk.txt" );
			em.persist( owner );
		} );
		fixture.inTransaction( em -> em.createQuery( "delete from Owner" ).executeUpdate() );

		final IntegrityReport young = fixture.attachments().checkIntegrity( Duration.ofHours( 1 ) );
		assertThat( young.sound() ).as( young.render() ).isTrue();
		assertThat( young.awaitingSweep() ).isZero();
		assertThat( young.render() ).endsWith( "; work younger than PT1H not examined)" );
		assertThat( fixture.emf() ).ignoringYoungerThan( Duration.ofHours( 1 ) ).isSoundWithNothingToSweep();

		final IntegrityReport all = fixture.attachments().checkIntegrity( Duration.ZERO );
		assertThat( all.count( Kind.FILE_WITHOUT_ROW ) ).isEqualTo( 1 );
		assertThat( all.awaitingSweep() ).isEqualTo( 1 );
		assertThatThrownBy( () -> assertThat( fixture.emf() ).isSoundWithNothingToSweep() )
				.hasMessageContaining( "1 blobs awaiting sweep" );

		fixture.attachments().sweep();
		fixture.storage().delete( "youngfileyoungfileyoungfile23456" );
		assertThat( fixture.emf() ).isSoundWithNothingToSweep().hasBlobs( 0 ).hasFiles( 0 );
		assertThatThrownBy( () -> fixture.attachments().checkIntegrity( Duration.ofSeconds( -1 ) ) )
				.isInstanceOf( IllegalArgumentException.class ).hasMessage( "olderThan must not be negative: PT-1S" );
	}

	/** Runs {@code statement} on a connection whose foreign-key checks are off, as a careless migration might. */
	private static void withoutForeignKeyChecks(Fixture fixture, String statement) throws Exception {
		try ( Connection c = fixture.connection(); Statement s = c.createStatement() ) {
			switch ( fixture.database() ) {
				case H2 -> s.execute( "set referential_integrity false" );
				case POSTGRESQL -> s.execute( "set session_replication_role = replica" );
				case MARIADB -> s.execute( "set foreign_key_checks = 0" );
			}
			s.executeUpdate( statement );
			if ( fixture.database() == Database.H2 ) {
				s.execute( "set referential_integrity true" );
			}
		}
	}
}
