package io.github.hibernateattachments.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContractTest;

import org.junit.jupiter.api.Test;

class DiskStorageServiceTest extends StorageServiceContractTest {

	private Path root;

	@Override
	protected StorageService createStorage(Path tempDir) {
		root = tempDir.resolve( "storage" );
		return new DiskStorageService( root );
	}

	private static List<Path> filesUnder(Path folder) throws IOException {
		try ( Stream<Path> paths = Files.walk( folder ) ) {
			return paths.filter( Files::isRegularFile ).collect( Collectors.toList() );
		}
	}

	@Test
	void fileLandsInShardFoldersWithTheStoredContent() throws IOException {
		final String key = "abcdEFGH12345678";

		storage.store( key, bytes( "on disk" ) );

		final Path file = root.resolve( "ab" ).resolve( "cd" ).resolve( key );
		assertThat( file ).isRegularFile();
		assertThat( Files.readString( file, StandardCharsets.UTF_8 ) ).isEqualTo( "on disk" );
		assertThat( filesUnder( root ) ).containsExactly( file.toRealPath() );
	}

	@Test
	void noTemporaryFileRemainsAfterSuccessfulOrFailedStore() throws IOException {
		final String stored = randomKey();
		final String failed = stored.substring( 0, 4 ) + randomKey(); // same shard folder

		storage.store( stored, new GeneratedInputStream( 200_000 ) );
		assertThatThrownBy( () -> storage.store( failed, new FailingInputStream( 150_000 ) ) )
				.isInstanceOf( StorageException.class );
		assertThatThrownBy( () -> storage.store( stored, bytes( "again" ) ) )
				.isInstanceOf( StorageException.class );

		final List<Path> files = filesUnder( root );
		assertThat( files ).noneMatch( file -> file.getFileName().toString().endsWith( ".tmp" ) );
		assertThat( files ).extracting( file -> file.getFileName().toString() ).containsExactly( stored );
	}

	@Test
	void rootIsCreatedIfMissing() {
		final Path missing = tempDir.resolve( "not" ).resolve( "there" ).resolve( "yet" );

		final DiskStorageService disk = new DiskStorageService( "archive", missing );

		assertThat( missing ).isDirectory();
		assertThat( disk.root() ).isAbsolute().isEqualTo( disk.root().normalize() );
		assertThat( disk.name() ).isEqualTo( "archive" );
		assertThat( disk ).hasToString( "DiskStorageService[name=archive, root=" + disk.root() + "]" );
	}

	@Test
	void rootIsNormalized() throws IOException {
		final DiskStorageService disk = new DiskStorageService( tempDir.resolve( "x" ).resolve( ".." ).resolve( "storage" ) );

		assertThat( disk.root() ).isEqualTo( root.toRealPath() );
		assertThat( disk.name() ).isEqualTo( "disk" );
	}

	@Test
	void rootThatIsAFileIsRefused() throws IOException {
		final Path file = Files.writeString( tempDir.resolve( "a-file" ), "x" );

		assertThatThrownBy( () -> new DiskStorageService( file ) )
				.isInstanceOf( StorageException.class )
				.hasMessageContaining( "disk" )
				.hasMessageContaining( file.toString() );
	}

	@Test
	void deleteRemovesTheFileAndKeepsTheShardFoldersForLaterObjects() throws IOException {
		final String key = "abcd" + randomKey();
		final String neighbour = "abcd" + randomKey();
		storage.store( key, bytes( "1" ) );

		storage.delete( key );

		assertThat( filesUnder( root ) ).isEmpty();
		assertThat( root.resolve( "ab" ).resolve( "cd" ) ).isEmptyDirectory();
		assertThat( storage.exists( key ) ).isFalse();

		// the kept folder is reused, and removing empty folders meanwhile (an administrator's cleanup) is safe
		storage.store( neighbour, bytes( "2" ) );
		assertThat( storage.exists( neighbour ) ).isTrue();
		storage.delete( neighbour );
		Files.delete( root.resolve( "ab" ).resolve( "cd" ) );
		Files.delete( root.resolve( "ab" ) );
		storage.store( key, bytes( "3" ) );
		assertThat( storage.exists( key ) ).isTrue();
	}

	@Test
	void invalidKeyTouchesNothing() throws IOException {
		assertThatThrownBy( () -> storage.store( "../../escaped", bytes( "x" ) ) )
				.isInstanceOf( StorageException.class );

		assertThat( root ).isEmptyDirectory();
		assertThat( filesUnder( tempDir ) ).isEmpty();
	}

	@Test
	void symlinkedShardFolderCannotBeUsedToEscapeRoot() throws IOException {
		final Path outside = Files.createDirectories( tempDir.resolve( "outside" ) );
		assumeThatCode( () -> Files.createSymbolicLink( root.resolve( "ev" ), outside ) ).doesNotThrowAnyException();
		final String key = "evil" + randomKey();

		assertThatThrownBy( () -> storage.store( key, bytes( "escaped" ) ) )
				.isInstanceOf( StorageException.class )
				.hasMessageContaining( key )
				.hasMessageContaining( "outside the storage root" );
		assertThat( filesUnder( outside ) ).isEmpty();
		assertThat( outside.resolve( "il" ) ).doesNotExist();
	}

	@Test
	void symlinkedObjectCannotBeUsedToReadOrDeleteOutsideRoot() throws IOException {
		final Path secret = Files.writeString( tempDir.resolve( "secret.txt" ), "secret" );
		final String key = "sneaky" + randomKey();
		final Path shard = Files.createDirectories( root.resolve( "sn" ).resolve( "ea" ) );
		assumeThatCode( () -> Files.createSymbolicLink( shard.resolve( key ), secret ) ).doesNotThrowAnyException();

		assertThatThrownBy( () -> storage.openStream( key ) )
				.isInstanceOf( StorageException.class )
				.hasMessageContaining( "outside the storage root" );
		assertThatThrownBy( () -> storage.stat( key ) )
				.isInstanceOf( StorageException.class )
				.hasMessageContaining( "outside the storage root" );
		assertThatThrownBy( () -> storage.store( key, bytes( "overwrite" ) ) )
				.isInstanceOf( StorageException.class );

		storage.delete( key ); // removes the planted link, never its target

		assertThat( shard.resolve( key ) ).doesNotExist();
		assertThat( Files.readString( secret ) ).isEqualTo( "secret" );
	}
}
