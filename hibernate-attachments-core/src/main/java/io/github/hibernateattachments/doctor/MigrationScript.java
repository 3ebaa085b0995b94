package io.github.hibernateattachments.doctor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file of the migration the {@link SchemaDoctor} writes for its findings, named the way Flyway expects
 * ({@code V<version>__<description>.sql}); Liquibase's {@code sqlFile} and plain {@code psql -f} take it as well.
 *
 * @param fileName e.g. {@code V20261130120000_1__foreign_key_indexes.sql}
 * @param sql the statements, with comments; clean-up statements for orphan rows are commented out
 * @param transactional false when the statements cannot run inside a transaction (PostgreSQL's
 * {@code CREATE INDEX CONCURRENTLY}): run the file with auto-commit; for Flyway {@link #writeTo} also writes the
 * {@code .conf} file that says so
 */
public record MigrationScript(String fileName, String sql, boolean transactional) {

	/**
	 * Writes the script into a folder, and for a non-transactional script Flyway's {@code <file>.conf} with
	 * {@code executeInTransaction=false}.
	 *
	 * @return the script's path
	 */
	public Path writeTo(Path folder) {
		try {
			Files.createDirectories( folder );
			final Path file = folder.resolve( fileName );
			Files.writeString( file, sql, StandardCharsets.UTF_8 );
			if ( !transactional ) {
				Files.writeString( folder.resolve( fileName + ".conf" ), "executeInTransaction=false\n", StandardCharsets.UTF_8 );
			}
			return file;
		}
		catch (IOException e) {
			throw new UncheckedIOException( "Unable to write " + fileName + " into " + folder, e );
		}
	}
}
