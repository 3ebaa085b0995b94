package io.github.hibernateattachments.test;

import java.time.Duration;
import java.util.stream.Stream;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.storage.InMemoryStorageService;
import io.github.hibernateattachments.testing.ForwardingStorageService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integrity check with a storage service that cannot list its files (a custom backend keeps the SPI's
 * default): what can be checked still is, and the report says which service was not listed.
 */
@Entities(Dossier.class)
@Setting(name = AttachmentsSettings.SERVICES + "archive.type", value = "io.github.hibernateattachments.test.IntegrityCheckServicesIT$Unlisted")
@Setting(name = AttachmentsSettings.SERVICE, value = "disk")
class IntegrityCheckServicesIT {

	/** An in-memory service named archive that cannot list, as {@code StorageService.list()}'s default. */
	public static final class Unlisted extends ForwardingStorageService {
		public Unlisted() {
			super( new InMemoryStorageService( "archive" ) );
		}

		@Override
		public Stream<ListedObject> list() {
			throw new StorageException( "Storage service 'archive' cannot list its objects" );
		}
	}

	@DatabaseTest
	void a_service_that_cannot_list_is_named_and_the_rest_is_checked(Fixture fixture) throws Exception {
		fixture.inTransaction( em -> {
			final Dossier dossier = new Dossier();
			dossier.photo = Attachment.of( "photo".getBytes(), "p.txt" );
			dossier.scan = Attachment.of( "scan".getBytes(), "s.txt" );
			em.persist( dossier );
		} );
		final String photo = fixture.queryStrings( "select storage_key from attachment_blobs where service_name = 'disk'" ).get( 0 );
		java.nio.file.Files.delete( fixture.pathOf( photo ) );

		final IntegrityReport report = fixture.attachments().checkIntegrity( Duration.ZERO );

		assertThat( report.notListed() ).containsExactly( "archive (Storage service 'archive' cannot list its objects)" );
		assertThat( report.blobRows() ).isEqualTo( 2 );
		assertThat( report.files() ).isZero();
		assertThat( report.count( IntegrityReport.Kind.ROW_WITHOUT_FILE ) ).isEqualTo( 1 );
		assertThat( report.problems().get( 0 ).description() ).contains( photo, "no file in disk" );
		assertThat( report.render() ).contains( "; not listed: archive (Storage service 'archive' cannot list its objects)" );
		// put back what was taken: the check at the end of the test finds it sound, with the service still unlisted
		fixture.inTransaction( em -> em.createQuery( "from Dossier", Dossier.class ).getSingleResult().photo = null );
		fixture.attachments().processOutbox();
	}
}
