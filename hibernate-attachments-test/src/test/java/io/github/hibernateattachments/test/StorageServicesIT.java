package io.github.hibernateattachments.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.BlobCopyReport;
import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.spi.ObjectMetadata;

import static io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several named storage services in one persistence unit ({@link Dossier}: {@code photo} on the default service
 * {@code disk}, the recording storage; {@code scan} on {@code archive}, a disk service of its own): each blob row
 * records its service and is read and purged through it; a blob whose service is gone is kept by the outbox and
 * the sweeper; a mirror service writes to two; blobs move between services with every copy verified.
 */
@Entities(Dossier.class)
@Setting(name = AttachmentsSettings.SERVICES + "archive.type", value = "disk")
@Setting(name = AttachmentsSettings.SERVICES + "archive.root", value = "{tmp}/archive")
@Setting(name = AttachmentsSettings.SERVICE, value = "disk")
class StorageServicesIT {

	private static byte[] bytes(String text) {
		return text.getBytes( StandardCharsets.UTF_8 );
	}

	private static Set<String> archiveFiles(Fixture fixture) {
		final Path root = fixture.otherRoots().resolve( "archive" );
		if ( !Files.exists( root ) ) {
			return Set.of();
		}
		try ( var files = Files.walk( root ) ) {
			return files.filter( Files::isRegularFile ).map( p -> p.getFileName().toString() )
					.filter( name -> !name.startsWith( "." ) )
					.collect( Collectors.toCollection( TreeSet::new ) );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	private static String read(Fixture fixture, Attachment attachment) {
		try ( InputStream in = fixture.attachments().openStream( attachment ) ) {
			return new String( in.readAllBytes(), StandardCharsets.UTF_8 );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	private static long dossier(Fixture fixture, String photo, String scan) {
		return fixture.fromTransaction( em -> {
			final Dossier dossier = new Dossier();
			dossier.photo = photo == null ? null : Attachment.of( bytes( photo ), photo + ".txt" );
			dossier.scan = scan == null ? null : Attachment.of( bytes( scan ), scan + ".txt" );
			em.persist( dossier );
			return dossier.id;
		} );
	}

	private static Dossier find(Fixture fixture, long id) {
		return fixture.fromTransaction( em -> {
			final Dossier dossier = em.find( Dossier.class, id );
			fixture.attachments().fetchAttachments( em, List.of( dossier ) );
			return dossier;
		} );
	}

	@DatabaseTest
	void each_attribute_stores_in_its_service_and_is_read_and_purged_through_the_one_its_row_records(Fixture fixture) {
		final long id = dossier( fixture, "photo", "scan" );
		final Dossier dossier = find( fixture, id );

		assertThat( fixture.queryStrings( "select b.service_name from attachment_blobs b join dossiers d on d.photo_blob_id = b.id" ) )
				.containsExactly( "disk" );
		assertThat( fixture.queryStrings( "select b.service_name from attachment_blobs b join dossiers d on d.scan_blob_id = b.id" ) )
				.containsExactly( "archive" );
		assertThat( fixture.filesOnDisk() ).containsExactly( dossier.photo.key() );
		assertThat( archiveFiles( fixture ) ).containsExactly( dossier.scan.key() );
		assertThat( read( fixture, dossier.photo ) ).isEqualTo( "photo" );
		assertThat( read( fixture, dossier.scan ) ).isEqualTo( "scan" );
		// what a cloud store needs for object metadata
		assertThat( fixture.storage().metadataOf( dossier.photo.key() ) ).isEqualTo( new ObjectMetadata( "photo.txt",
				"text/plain", "attachment; filename=\"photo.txt\"; filename*=UTF-8''photo.txt" ) );

		fixture.inTransaction( em -> em.find( Dossier.class, id ).scan = Attachment.of( bytes( "scan 2" ), "scan2.txt" ) );
		final Dossier replaced = find( fixture, id );
		assertThat( archiveFiles( fixture ) ).containsExactly( replaced.scan.key() );
		assertThat( fixture.filesOnDisk() ).containsExactly( dossier.photo.key() );

		fixture.inTransaction( em -> em.remove( em.find( Dossier.class, id ) ) );
		assertThat( archiveFiles( fixture ) ).isEmpty();
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.count( "attachment_blobs" ) ).isZero();
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
	}

	@IntegrityNotChecked("a blob row names a storage service that is no longer configured")
	@DatabaseTest
	@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "0s")
	@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
	void a_blob_whose_service_is_no_longer_configured_is_never_dropped(Fixture fixture) throws Exception {
		final long id = dossier( fixture, "photo", "scan" );
		final long orphan = dossier( fixture, null, "orphan scan" );
		fixture.execute( "update attachment_blobs set service_name = 'retired' where service_name = 'archive'" );
		final Dossier dossier = find( fixture, id );

		assertAttachmentError( () -> read( fixture, dossier.scan ) )
				.hasMessage( "Unknown storage service 'retired': blobs recorded with it cannot be read or deleted until"
						+ " it is configured again (settings 'hibernate.attachments.services.retired.*'); configured:"
						+ " [archive, disk]" );

		// the purge after commit cannot reach the service: its outbox row stays, saying why
		fixture.inTransaction( em -> em.remove( em.find( Dossier.class, id ) ) );
		assertThat( fixture.queryStrings( "select last_error from attachment_purges where storage_key = '" + dossier.scan.key() + "'" ) )
				.singleElement().asString().startsWith( "Unknown storage service 'retired'" );
		assertThat( fixture.attachments().processOutbox() ).isEqualTo( new OutboxReport( 1, 0, 1, 0 ) ); // due again at once
		assertThat( fixture.outboxKeys() ).containsExactly( dossier.scan.key() );
		assertThat( fixture.queryLong( "select attempts from attachment_purges" ) ).isEqualTo( 2 );

		// a bulk delete orphans the other one: the sweeper leaves it, as it cannot delete its file
		final String orphanKey = find( fixture, orphan ).scan.key();
		fixture.execute( "delete from dossiers where id = " + orphan );
		fixture.attachments().sweep( false, report -> { } );
		assertThat( fixture.blobKeys() ).contains( orphanKey );
		assertThat( archiveFiles( fixture ) ).containsExactlyInAnyOrder( dossier.scan.key(), orphanKey );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.SERVICES + "main.type", value = "mirror")
	@Setting(name = AttachmentsSettings.SERVICES + "main.primary", value = "disk")
	@Setting(name = AttachmentsSettings.SERVICES + "main.mirrors", value = "archive")
	@Setting(name = AttachmentsSettings.SERVICE, value = "main")
	void a_mirror_writes_to_its_primary_and_mirrors_reads_from_the_primary_and_deletes_from_all(Fixture fixture) {
		final long id = dossier( fixture, "photo", null );
		final Dossier dossier = find( fixture, id );
		final String key = dossier.photo.key();

		assertThat( dossier.photo.serviceName() ).isEqualTo( "main" );
		assertThat( fixture.filesOnDisk() ).containsExactly( key );
		assertThat( archiveFiles( fixture ) ).containsExactly( key );
		fixture.storage().clearCalls();
		assertThat( read( fixture, dossier.photo ) ).isEqualTo( "photo" );
		assertThat( fixture.storage().calls() ).containsExactly( "open " + key );

		fixture.inTransaction( em -> em.remove( em.find( Dossier.class, id ) ) );
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( archiveFiles( fixture ) ).isEmpty();
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.SERVICES + "main.type", value = "mirror")
	@Setting(name = AttachmentsSettings.SERVICES + "main.primary", value = "disk")
	@Setting(name = AttachmentsSettings.SERVICES + "main.mirrors", value = "archive")
	void moving_blobs_to_a_mirror_copies_verifies_and_reassigns_them_and_keeps_a_damaged_one_where_it_was(Fixture fixture)
			throws Exception {
		final List<Long> ids = new ArrayList<>();
		for ( int i = 0; i < 30; i++ ) {
			ids.add( dossier( fixture, "photo " + i, null ) );
		}
		final List<String> keys = ids.stream().map( id -> find( fixture, id ).photo.key() ).toList();
		// one source file damaged: same size, other bytes
		Files.write( fixture.pathOf( keys.get( 7 ) ), bytes( "PHOTO 7" ) );

		final BlobCopyReport copy = fixture.attachments().copyBlobs( "disk", "archive" );
		assertThat( copy.blobs() ).isEqualTo( 30 );
		assertThat( copy.copied() ).isEqualTo( 29 );
		assertThat( copy.failed() ).isEqualTo( 1 );
		assertThat( copy.failureSamples() ).singleElement().asString()
				.startsWith( "blob '" + keys.get( 7 ) + "': the source file's SHA-256 " ).endsWith( "; not copied" );
		assertThat( archiveFiles( fixture ) ).hasSize( 29 ).doesNotContain( keys.get( 7 ) );
		assertThat( fixture.queryStrings( "select distinct service_name from attachment_blobs" ) ).containsExactly( "disk" );

		final BlobCopyReport move = fixture.attachments().moveBlobs( "disk", "main" );
		assertThat( move.copied() ).isZero();
		assertThat( move.alreadyPresent() ).isEqualTo( 29 );
		assertThat( move.reassigned() ).isEqualTo( 29 );
		assertThat( move.failed() ).isEqualTo( 1 );
		assertThat( fixture.queryStrings( "select storage_key from attachment_blobs where service_name = 'disk'" ) )
				.containsExactly( keys.get( 7 ) );
		for ( int i = 0; i < 30; i++ ) {
			if ( i != 7 ) {
				final Dossier dossier = find( fixture, ids.get( i ) );
				assertThat( dossier.photo.serviceName() ).isEqualTo( "main" );
				assertThat( read( fixture, dossier.photo ) ).isEqualTo( "photo " + i );
			}
		}

		// a moved blob is purged from both
		fixture.inTransaction( em -> em.remove( em.find( Dossier.class, ids.get( 0 ) ) ) );
		assertThat( fixture.filesOnDisk() ).doesNotContain( keys.get( 0 ) );
		assertThat( archiveFiles( fixture ) ).doesNotContain( keys.get( 0 ) );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.SERVICES + "archive.type", value = "test-hook")
	void a_blob_the_application_deletes_while_it_is_moved_stays_deleted_and_its_copy_goes(Fixture fixture) {
		final List<Long> ids = new ArrayList<>();
		for ( int i = 0; i < 3; i++ ) {
			ids.add( dossier( fixture, "photo " + i, null ) );
		}
		final List<String> keys = ids.stream().map( id -> find( fixture, id ).photo.key() ).toList();
		// the application removes the second owner just as its file is being copied
		HookStorageFactory.onStore = key -> {
			if ( key.equals( keys.get( 1 ) ) ) {
				fixture.inTransaction( em -> em.remove( em.find( Dossier.class, ids.get( 1 ) ) ) );
			}
		};
		final BlobCopyReport report;
		try {
			report = fixture.attachments().moveBlobs( "disk", "archive" );
		}
		finally {
			HookStorageFactory.onStore = key -> { };
		}

		assertThat( report.blobs() ).isEqualTo( 3 );
		assertThat( report.copied() ).isEqualTo( 3 );
		assertThat( report.reassigned() ).isEqualTo( 2 );
		assertThat( report.vanished() ).isEqualTo( 1 );
		assertThat( fixture.blobKeys() ).containsExactlyInAnyOrder( keys.get( 0 ), keys.get( 2 ) );
		assertThat( fixture.queryStrings( "select distinct service_name from attachment_blobs" ) ).containsExactly( "archive" );
		assertThat( archiveFiles( fixture ) ).containsExactlyInAnyOrder( keys.get( 0 ), keys.get( 2 ) );
		assertThat( fixture.filesOnDisk() ).containsExactlyInAnyOrder( keys.get( 0 ), keys.get( 2 ) );
	}
}
