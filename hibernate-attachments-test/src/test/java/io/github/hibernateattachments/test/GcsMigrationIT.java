package io.github.hibernateattachments.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.BlobCopyReport;
import io.github.hibernateattachments.gcs.FakeGcsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving an installation from disk to a bucket without downtime: 1,000 blobs stored on the disk service, a mirror
 * {@code main} (primary disk, mirror the bucket) taking new uploads, then {@code moveBlobs("disk", "main")}.
 */
@OnlyOn({ Database.H2, Database.POSTGRESQL })
@Entities(Dossier.class)
@Setting(name = AttachmentsSettings.SERVICES + "archive.type", value = "gcs")
@Setting(name = AttachmentsSettings.SERVICES + "archive.bucket", value = GcsFake.BUCKET)
@Setting(name = AttachmentsSettings.SERVICES + "archive.prefix", value = "{id}/")
@Setting(name = AttachmentsSettings.SERVICES + "archive.host", value = "{gcs}")
@Setting(name = AttachmentsSettings.SERVICES + "archive.credentials", value = "none")
@Setting(name = AttachmentsSettings.SERVICES + "archive.project_id", value = FakeGcsServer.PROJECT_ID)
@Setting(name = AttachmentsSettings.SERVICES + "main.type", value = "mirror")
@Setting(name = AttachmentsSettings.SERVICES + "main.primary", value = "disk")
@Setting(name = AttachmentsSettings.SERVICES + "main.mirrors", value = "archive")
@Setting(name = AttachmentsSettings.SERVICE, value = "disk")
class GcsMigrationIT {

	@DatabaseTest
	void a_thousand_blobs_move_from_disk_to_the_bucket_each_copy_verified(Fixture fixture) throws Exception {
		for ( int batch = 0; batch < 10; batch++ ) {
			final int first = batch * 100;
			fixture.inTransaction( em -> {
				for ( int i = first; i < first + 100; i++ ) {
					final Dossier dossier = new Dossier();
					dossier.photo = Attachment.of( ( "photo " + i ).getBytes( StandardCharsets.UTF_8 ), "p" + i + ".jpg" );
					em.persist( dossier );
				}
			} );
		}
		final String prefix = fixture.otherRoots().getFileName() + "/";

		final BlobCopyReport report = fixture.attachments().moveBlobs( "disk", "main" );

		assertThat( report ).isEqualTo( new BlobCopyReport( 1000, 1000, 0, 1000, 0, 0, List.of() ) );
		assertThat( fixture.queryStrings( "select distinct service_name from attachment_blobs" ) ).containsExactly( "main" );
		final MessageDigest sha256 = MessageDigest.getInstance( "SHA-256" );
		int verified = 0;
		for ( String row : fixture.queryStrings( "select storage_key || ' ' || checksum from attachment_blobs" ) ) {
			final String[] keyAndChecksum = row.split( " " );
			final byte[] copy = GcsFake.server().content( GcsFake.BUCKET, prefix + keyAndChecksum[0] );
			assertThat( HexFormat.of().formatHex( sha256.digest( copy ) ) ).isEqualTo( keyAndChecksum[1] );
			verified++;
		}
		assertThat( verified ).isEqualTo( 1000 );

		// from now on a purge reaches both
		fixture.inTransaction( em -> em.remove( em.createQuery( "from Dossier", Dossier.class ).setMaxResults( 1 ).getSingleResult() ) );
		assertThat( fixture.filesOnDisk() ).hasSize( 999 );
		assertThat( GcsFake.server().objectNames( GcsFake.BUCKET ).stream().filter( n -> n.startsWith( prefix ) ) ).hasSize( 999 );
	}
}
