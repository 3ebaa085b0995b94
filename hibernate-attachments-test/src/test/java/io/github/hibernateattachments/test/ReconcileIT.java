package io.github.hibernateattachments.test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.ReconcileReport;

import org.hibernate.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two-way reconciliation for an existing installation: files without a row (reported, deleted when asked),
 * rows without a file or with a damaged one (reported, never deleted).
 */
@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "0")
class ReconcileIT {

	private static String randomKey() {
		final SecureRandom random = new SecureRandom();
		final StringBuilder key = new StringBuilder();
		for ( int i = 0; i < 32; i++ ) {
			key.append( "abcdefghijklmnopqrstuvwxyz234567".charAt( random.nextInt( 32 ) ) );
		}
		return key.toString();
	}

	@IntegrityNotChecked("files are deleted, resized and corrupted behind the extension's back")
	@DatabaseTest
	void reconciliation_finds_planted_orphans_on_both_sides_and_deletes_only_orphan_files_when_asked(Fixture fixture)
			throws Exception {
		fixture.inTransaction( em -> {
			for ( int i = 0; i < 4; i++ ) {
				final Owner owner = new Owner( "o" + i );
				owner.avatar = Attachment.of( ( "content-" + i ).getBytes(), "a" + i + ".txt" );
				em.persist( owner );
			}
		} );
		final List<String> keys = List.copyOf( fixture.blobKeys() );
		// files without rows
		final String orphan1 = randomKey();
		final String orphan2 = randomKey();
		fixture.storage().store( orphan1, new ByteArrayInputStream( "lost".getBytes() ) );
		fixture.storage().store( orphan2, new ByteArrayInputStream( "lost too".getBytes() ) );
		// an upload in flight (its intent row is there): not an orphan
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "in flight" );
			owner.avatar = Attachment.of( "uploading".getBytes(), "u.txt" );
			em.persist( owner );
			em.flush();
			em.unwrap( Session.class ).doWork( connection -> connection.rollback() );
		} );
		// rows with a missing, a resized and a corrupted file
		Files.delete( fixture.pathOf( keys.get( 0 ) ) );
		Files.write( fixture.pathOf( keys.get( 1 ) ), "much longer content".getBytes() );
		Files.write( fixture.pathOf( keys.get( 2 ) ), "CONTENT-2".getBytes() ); // same size

		final ReconcileReport dryRun = fixture.attachments().reconcile( false, false );

		assertThat( dryRun.filesScanned() ).isEqualTo( 3 + 2 + 1 );
		assertThat( dryRun.orphanFiles() ).isEqualTo( 2 );
		assertThat( dryRun.orphanFileSamples() ).containsExactlyInAnyOrder( orphan1, orphan2 );
		assertThat( dryRun.orphanFilesDeleted() ).isZero();
		assertThat( dryRun.rowsScanned() ).isEqualTo( 4 );
		assertThat( dryRun.rowsWithoutFile() ).isEqualTo( 1 );
		assertThat( dryRun.rowsWithWrongSize() ).isEqualTo( 1 );
		assertThat( dryRun.rowsWithWrongChecksum() ).as( "not checked unless asked" ).isZero();
		assertThat( dryRun.problemSamples() ).anyMatch( p -> p.contains( keys.get( 0 ) ) && p.contains( "missing" ) );
		assertThat( dryRun.consistent() ).isFalse();
		assertThat( fixture.filesOnDisk() ).contains( orphan1, orphan2 );

		final ReconcileReport withChecksums = fixture.attachments().reconcile( false, true );
		assertThat( withChecksums.rowsWithWrongChecksum() ).isEqualTo( 1 );
		assertThat( withChecksums.problemSamples() ).anyMatch( p -> p.contains( keys.get( 2 ) ) && p.contains( "checksum" ) );

		final ReconcileReport cleanup = fixture.attachments().reconcile( true, false );
		assertThat( cleanup.orphanFilesDeleted() ).isEqualTo( 2 );
		assertThat( fixture.filesOnDisk() ).doesNotContain( orphan1, orphan2 );
		// rows without files are never deleted silently; the in-flight upload is left to its intent
		assertThat( fixture.blobKeys() ).containsExactlyInAnyOrderElementsOf( keys );
		assertThat( fixture.filesOnDisk() ).hasSize( 3 + 1 );
	}
}
