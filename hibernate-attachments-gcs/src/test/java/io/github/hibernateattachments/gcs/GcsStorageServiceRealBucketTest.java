package io.github.hibernateattachments.gcs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContractTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * The storage contract against a real bucket, or a fake-gcs-server, when the environment names one:
 * <pre>
 * ATTACHMENTS_TEST_GCS_BUCKET=my-test-bucket        (required; objects go under a random prefix, deleted after each test)
 * ATTACHMENTS_TEST_GCS_CREDENTIALS=/path/key.json   (optional: default application credentials; 'none' for an emulator)
 * ATTACHMENTS_TEST_GCS_HOST=http://localhost:4443   (optional: an emulator such as fake-gcs-server)
 * ATTACHMENTS_TEST_GCS_PROJECT=my-project           (optional)
 * </pre>
 * Skipped, saying so, otherwise.
 */
class GcsStorageServiceRealBucketTest extends StorageServiceContractTest {

	@Override
	protected StorageService createStorage(Path tempDir) {
		final String bucket = System.getenv( "ATTACHMENTS_TEST_GCS_BUCKET" );
		Assumptions.assumeTrue( bucket != null && !bucket.isBlank(), "No bucket to test against: set"
				+ " ATTACHMENTS_TEST_GCS_BUCKET (and ATTACHMENTS_TEST_GCS_CREDENTIALS, ATTACHMENTS_TEST_GCS_HOST for an"
				+ " emulator) to run the storage contract against Google Cloud Storage" );
		final Map<String, Object> settings = new HashMap<>();
		settings.put( "bucket", bucket );
		settings.put( "prefix", "hibernate-attachments-test/" + java.util.UUID.randomUUID() + "/" );
		putIfSet( settings, "credentials", "ATTACHMENTS_TEST_GCS_CREDENTIALS" );
		putIfSet( settings, "host", "ATTACHMENTS_TEST_GCS_HOST" );
		putIfSet( settings, "project_id", "ATTACHMENTS_TEST_GCS_PROJECT" );
		return new GcsStorageServiceFactory().create( new MapContext( "gcs", settings ) );
	}

	private static void putIfSet(Map<String, Object> settings, String key, String variable) {
		final String value = System.getenv( variable );
		if ( value != null && !value.isBlank() ) {
			settings.put( key, value );
		}
	}

	@AfterEach
	void removeObjects() throws Exception {
		if ( storage != null ) {
			storage.deleteAll( storage.list().map( o -> o.key() ).toList() );
			( (GcsStorageService) storage ).close();
		}
	}
}
