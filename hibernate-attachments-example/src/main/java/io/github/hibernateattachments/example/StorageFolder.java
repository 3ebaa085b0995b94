package io.github.hibernateattachments.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Looks at the disk storage's root folder from the outside, the way an operator would with {@code ls -R}:
 * which files are there, under which key, with which size. Nothing here reads or writes through the
 * extension.
 */
final class StorageFolder {

	private final Path root;

	StorageFolder(Path root) {
		this.root = root;
	}

	Path root() {
		return root;
	}

	/**
	 * @return key (file name) -> path relative to the root, for every regular file; hidden files (an upload
	 * still being written) are skipped
	 */
	Map<String, Path> files() {
		final Map<String, Path> files = new TreeMap<>();
		if ( !Files.isDirectory( root ) ) {
			return files;
		}
		try ( Stream<Path> paths = Files.walk( root ) ) {
			paths.filter( Files::isRegularFile )
					.filter( p -> !p.getFileName().toString().startsWith( "." ) )
					.forEach( p -> files.put( p.getFileName().toString(), root.relativize( p ) ) );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
		return files;
	}

	/** @return the size of the file, or -1 if it is gone already */
	long sizeOf(Path relative) {
		try {
			return Files.size( root.resolve( relative ) );
		}
		catch (IOException e) {
			return -1;
		}
	}

	byte[] read(Path relative) {
		try {
			return Files.readAllBytes( root.resolve( relative ) );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}
}
