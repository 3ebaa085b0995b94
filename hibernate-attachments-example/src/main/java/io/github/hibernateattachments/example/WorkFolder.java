package io.github.hibernateattachments.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's working folder: database, storage root and sample files. Emptied at start so that each run is
 * fresh.
 */
final class WorkFolder {

	private WorkFolder() {
	}

	static void recreate(Path folder) throws IOException {
		if ( Files.exists( folder ) ) {
			try ( Stream<Path> paths = Files.walk( folder ) ) {
				for ( Path p : paths.sorted( Comparator.reverseOrder() ).toList() ) {
					Files.delete( p );
				}
			}
		}
		Files.createDirectories( folder );
	}

	/** @return the path relative to the current folder when it is inside it, for shorter output */
	static String shown(Path path) {
		final Path cwd = Path.of( "" ).toAbsolutePath();
		return path.startsWith( cwd ) ? cwd.relativize( path ).toString() : path.toString();
	}
}
