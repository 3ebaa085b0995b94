package io.github.hibernateattachments.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContractTest;
import io.github.hibernateattachments.spi.StoredObject;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The storage contract for a mirror of a disk primary and an in-memory mirror, and what a mirror adds. */
class MirrorStorageServiceTest extends StorageServiceContractTest {

	private DiskStorageService primary;
	private InMemoryStorageService mirror;

	@Override
	protected StorageService createStorage(Path tempDir) {
		primary = new DiskStorageService( "primary", tempDir.resolve( "primary" ) );
		mirror = new InMemoryStorageService( "copy" );
		return new MirrorStorageService( "main", primary, List.of( mirror ) );
	}

	@Test
	void writes_go_to_both_reads_to_the_primary_deletes_to_both() throws Exception {
		final String key = randomKey();
		storage.store( key, bytes( "content" ) );

		assertThat( read( primary, key ) ).isEqualTo( "content" );
		assertThat( read( mirror, key ) ).isEqualTo( "content" );
		mirror.delete( key ); // reads never look at the mirror
		assertThat( read( storage, key ) ).isEqualTo( "content" );

		storage.store( randomKey(), bytes( "other" ) );
		storage.delete( key );
		assertThat( primary.exists( key ) ).isFalse();
	}

	@Test
	void a_mirror_that_fails_leaves_nothing_anywhere() {
		final MirrorStorageService broken = new MirrorStorageService( "main", primary, List.of( mirror, new StorageService() {
			@Override
			public String name() {
				return "down";
			}

			@Override
			public StoredObject store(String key, InputStream content) {
				throw new StorageException( "Simulated outage of 'down'" );
			}

			@Override
			public InputStream openStream(String key) {
				throw new StorageException( "down" );
			}

			@Override
			public java.util.Optional<StoredObject> stat(String key) {
				return java.util.Optional.empty();
			}

			@Override
			public void delete(String key) {
			}
		} ) );
		final String key = randomKey();

		assertThatThrownBy( () -> broken.store( key, bytes( "content" ) ) )
				.isInstanceOf( StorageException.class ).hasMessage( "Simulated outage of 'down'" );
		assertThat( primary.exists( key ) ).isFalse();
		assertThat( mirror.exists( key ) ).isFalse();
	}
}
