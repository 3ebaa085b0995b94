package io.github.hibernateattachments.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.gcs.FakeGcsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GCS backend end to end, beside the disk one: {@link Dossier}'s {@code photo} on the recording disk storage,
 * its {@code scan} on service {@code archive} of type {@code gcs}, talking HTTP to {@link GcsFake}.
 */
@Entities(Dossier.class)
@Setting(name = AttachmentsSettings.SERVICES + "archive.type", value = "gcs")
@Setting(name = AttachmentsSettings.SERVICES + "archive.bucket", value = GcsFake.BUCKET)
@Setting(name = AttachmentsSettings.SERVICES + "archive.prefix", value = "{id}/")
@Setting(name = AttachmentsSettings.SERVICES + "archive.host", value = "{gcs}")
@Setting(name = AttachmentsSettings.SERVICES + "archive.credentials", value = "none")
@Setting(name = AttachmentsSettings.SERVICES + "archive.project_id", value = FakeGcsServer.PROJECT_ID)
@Setting(name = AttachmentsSettings.SERVICE, value = "disk")
class GcsEndToEndIT {

	private static Set<String> objects(Fixture fixture) {
		final String prefix = fixture.otherRoots().getFileName() + "/";
		final Set<String> keys = new TreeSet<>();
		for ( String name : GcsFake.server().objectNames( GcsFake.BUCKET ) ) {
			if ( name.startsWith( prefix ) ) {
				keys.add( name.substring( prefix.length() ) );
			}
		}
		return keys;
	}

	private static long dossier(Fixture fixture, String scan) {
		return fixture.fromTransaction( em -> {
			final Dossier dossier = new Dossier();
			dossier.photo = Attachment.of( "photo".getBytes( StandardCharsets.UTF_8 ), "photo.jpg" );
			dossier.scan = Attachment.of( scan.getBytes( StandardCharsets.UTF_8 ), scan + ".pdf" );
			em.persist( dossier );
			return dossier.id;
		} );
	}

	private static String scanKey(Fixture fixture, long id) {
		return fixture.fromTransaction( em -> em.find( Dossier.class, id ).scan.key() );
	}

	private static String read(Fixture fixture, long id) {
		return fixture.fromTransaction( em -> {
			try ( InputStream in = fixture.attachments().openStream( em.find( Dossier.class, id ).scan ) ) {
				return new String( in.readAllBytes(), StandardCharsets.UTF_8 );
			}
			catch (IOException e) {
				throw new UncheckedIOException( e );
			}
		} );
	}

	@DatabaseTest
	void attach_replace_and_delete_store_and_purge_the_bucket_after_commit(Fixture fixture) {
		final long id = dossier( fixture, "scan one" );
		final String first = scanKey( fixture, id );
		assertThat( objects( fixture ) ).containsExactly( first );
		assertThat( read( fixture, id ) ).isEqualTo( "scan one" );
		assertThat( fixture.queryStrings( "select service_name from attachment_blobs where storage_key = '" + first + "'" ) )
				.containsExactly( "archive" );

		fixture.inTransaction( em -> em.find( Dossier.class, id ).scan = Attachment.of( "scan two".getBytes(), "two.pdf" ) );
		final String second = scanKey( fixture, id );
		assertThat( objects( fixture ) ).containsExactly( second );

		fixture.inRolledBackTransaction( em -> em.find( Dossier.class, id ).scan = Attachment.of( "never".getBytes(), "never.pdf" ) );
		assertThat( objects( fixture ) ).containsExactly( second );

		fixture.inTransaction( em -> em.remove( em.find( Dossier.class, id ) ) );
		assertThat( objects( fixture ) ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	void a_delete_the_bucket_refuses_is_retried_by_the_outbox_worker(Fixture fixture) {
		final long id = dossier( fixture, "kept until retried" );
		final String key = scanKey( fixture, id );
		GcsFake.server().failNext( FakeGcsServer.BATCH_PART, 403, 1 );

		fixture.inTransaction( em -> em.remove( em.find( Dossier.class, id ) ) );
		assertThat( objects( fixture ) ).containsExactly( key );
		assertThat( fixture.outboxKeys() ).containsExactly( key );

		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 1, 1, 0, 0 ) );
		assertThat( objects( fixture ) ).isEmpty();
		assertThat( fixture.outboxKeys() ).isEmpty();
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "0s")
	void the_sweeper_collects_objects_of_bulk_deleted_owners_in_batches(Fixture fixture) throws Exception {
		for ( int i = 0; i < 5; i++ ) {
			dossier( fixture, "scan " + i );
		}
		assertThat( objects( fixture ) ).hasSize( 5 );
		GcsFake.server().resetCounts();

		fixture.execute( "delete from dossiers" );
		fixture.attachments().sweep( false, report -> { } );

		assertThat( objects( fixture ) ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.count( "attachment_blobs" ) ).isZero();
		assertThat( GcsFake.server().requestCount( FakeGcsServer.BATCH ) ).isEqualTo( 1 );
	}
}
