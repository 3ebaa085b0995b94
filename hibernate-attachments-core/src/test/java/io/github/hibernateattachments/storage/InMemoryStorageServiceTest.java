package io.github.hibernateattachments.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContractTest;

import org.junit.jupiter.api.Test;

class InMemoryStorageServiceTest extends StorageServiceContractTest {

	@Override
	protected StorageService createStorage(Path tempDir) {
		return new InMemoryStorageService();
	}

	@Test
	void namesDefaultToMemory() {
		assertThat( new InMemoryStorageService().name() ).isEqualTo( "memory" );
		assertThat( new InMemoryStorageService( "test" ).name() ).isEqualTo( "test" );
	}

	@Test
	void keysAndSizeReflectStoredObjects() {
		final InMemoryStorageService memory = (InMemoryStorageService) storage;
		final String first = randomKey();
		final String second = randomKey();
		memory.store( first, bytes( "1" ) );
		memory.store( second, bytes( "2" ) );

		assertThat( memory.keys() ).containsExactlyInAnyOrder( first, second );
		assertThat( memory.size() ).isEqualTo( 2 );

		memory.delete( first );

		assertThat( memory.keys() ).containsExactly( second );
		assertThat( memory.size() ).isEqualTo( 1 );
	}

	@Test
	void keysIsASnapshot() {
		final InMemoryStorageService memory = (InMemoryStorageService) storage;
		final String key = randomKey();
		memory.store( key, bytes( "1" ) );

		final var snapshot = memory.keys();
		memory.delete( key );

		assertThat( snapshot ).containsExactly( key );
		assertThat( memory.keys() ).isEmpty();
	}
}
