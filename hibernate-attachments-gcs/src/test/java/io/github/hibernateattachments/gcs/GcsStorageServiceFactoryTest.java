package io.github.hibernateattachments.gcs;

import java.util.HashMap;
import java.util.Map;

import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code gcs} type's settings, and the errors wrong ones get when the persistence unit boots. */
class GcsStorageServiceFactoryTest {

	private static FakeGcsServer gcs;

	@BeforeAll
	static void startFake() {
		gcs = FakeGcsServer.start();
		gcs.createBucket( "photos" );
	}

	@AfterAll
	static void stopFake() {
		gcs.close();
	}

	private static StorageService create(Map<String, Object> settings) {
		return new GcsStorageServiceFactory().create( new MapContext( "bucket", settings ) );
	}

	@Test
	void an_emulator_endpoint_without_credentials() throws Exception {
		final Map<String, Object> settings = new HashMap<>();
		settings.put( "bucket", "photos" );
		settings.put( "prefix", "attachments/" );
		settings.put( "host", gcs.endpoint() );
		settings.put( "credentials", "none" );
		settings.put( "project_id", "test-project" );
		try ( GcsStorageService service = (GcsStorageService) create( settings ) ) {
			assertThat( service.bucket() ).isEqualTo( "photos" );
			assertThat( service.prefix() ).isEqualTo( "attachments/" );
		}
	}

	@Test
	void a_client_instance_replaces_the_connection_settings() throws Exception {
		final Map<String, Object> settings = Map.of( "bucket", "photos", "client", gcs.client() );
		try ( GcsStorageService service = (GcsStorageService) create( settings ) ) {
			assertThat( service.name() ).isEqualTo( "bucket" );
		}
	}

	@Test
	void a_missing_bucket_setting_names_it() {
		assertThatThrownBy( () -> create( Map.of( "client", gcs.client() ) ) ).isInstanceOf( StorageException.class )
				.hasMessage( "Missing setting 'hibernate.attachments.services.bucket.bucket': storage service 'bucket' needs it" );
	}

	@Test
	void a_bucket_that_does_not_exist_fails_at_boot() {
		assertThatThrownBy( () -> create( Map.of( "bucket", "nope", "client", gcs.client() ) ) )
				.isInstanceOf( StorageException.class )
				.hasMessage( "GCS storage service 'bucket': bucket 'nope' does not exist" );
	}

	@Test
	void an_unreadable_key_file_names_the_setting() {
		assertThatThrownBy( () -> create( Map.of( "bucket", "photos", "credentials", "/no/such/key.json" ) ) )
				.isInstanceOf( StorageException.class )
				.hasMessageStartingWith( "Invalid setting 'hibernate.attachments.services.bucket.credentials': cannot read a"
						+ " service-account key from '/no/such/key.json'" );
	}

	@Test
	void a_chunk_size_that_is_no_multiple_of_256_kib_is_refused() {
		assertThatThrownBy( () -> create( Map.of( "bucket", "photos", "client", gcs.client(), "chunk_size", "1000" ) ) )
				.isInstanceOf( StorageException.class )
				.hasMessage( "Invalid value '1000' for setting 'hibernate.attachments.services.bucket.chunk_size': expected a"
						+ " multiple of 256 KiB, such as '8MB' or '16MB'" );
	}
}
