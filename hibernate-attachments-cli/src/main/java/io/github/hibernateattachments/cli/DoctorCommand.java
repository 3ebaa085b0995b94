package io.github.hibernateattachments.cli;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.hibernateattachments.doctor.DoctorReport;
import io.github.hibernateattachments.doctor.Finding;
import io.github.hibernateattachments.doctor.MigrationScript;
import io.github.hibernateattachments.doctor.SchemaDoctor;

import jakarta.persistence.EntityManagerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Checks the database's referential integrity against the mapping: missing foreign keys and the"
				+ " rows that violate them, ON DELETE actions that contradict the mapping or that nobody chose, key columns"
				+ " without an index or of another type than the key they reference, keys never validated.",
				"With --entities the application's mapping is compared; without, the keys the database has are checked"
						+ " (every table of the default schema) and the library's own tables against its mapping." },
		footerHeading = "%n", footer = ExitCode.HELP)
final class DoctorCommand extends BaseCommand {

	enum FailOn {
		error, warning
	}

	@Mixin
	StorageOptions storage;

	@Option(names = "--entities", paramLabel = "<jar|folder>", description = "a jar or class folder (e.g. target/classes) whose"
			+ " @Entity classes form the mapping; repeatable")
	List<Path> entities = new ArrayList<>();

	@Option(names = "--classpath", paramLabel = "<jar|folder>", description = "a jar or folder the entity classes need"
			+ " (not scanned for entities); repeatable")
	List<Path> classPath = new ArrayList<>();

	@Option(names = "--all-tables", negatable = true, description = "also check the tables the mapping does not know"
			+ " (default: only without --entities)")
	Boolean allTables;

	@Option(names = "--no-orphan-count", description = "do not count the rows that violate missing keys (one scan per key)")
	boolean noOrphanCount;

	@Option(names = "--migration-dir", paramLabel = "<folder>", description = "write the migration that fixes the findings"
			+ " there, as Flyway-style files")
	Path migrationDir;

	@Option(names = "--migration-version", paramLabel = "<version>", description = "the Flyway version of those files"
			+ " (default: the current UTC time, yyyyMMddHHmmss)")
	String migrationVersion;

	@Option(names = "--fail-on", paramLabel = "<severity>", defaultValue = "warning",
			description = "exit with 1 when a finding is at least this severe: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
	FailOn failOn;

	@Override
	int execute(Launch launch, Output output) {
		final String version = migrationVersion != null ? migrationVersion
				: DateTimeFormatter.ofPattern( "yyyyMMddHHmmss" ).format( ZonedDateTime.now( ZoneOffset.UTC ) );
		if ( !version.matches( "[0-9]+([._][0-9]+)*" ) ) {
			throw new CliException( ExitCode.USAGE, "--migration-version is digits with '_' or '.' between them (e.g."
					+ " 20261130120000), not '" + version + "'" );
		}
		launch.storage( storage, false ).entities( entities, classPath );
		final boolean unmapped = allTables != null ? allTables : entities.isEmpty();
		final DoctorReport report;
		try ( EntityManagerFactory emf = launch.boot() ) {
			cli.terminal.progress( "reading the schema..." );
			report = SchemaDoctor.of( emf ).countingOrphans( !noOrphanCount ).includingUnmappedTables( unmapped ).examine();
			cli.terminal.endProgress();
		}
		final List<MigrationScript> scripts = report.migration( version );
		final List<Path> written = new ArrayList<>();
		if ( migrationDir != null ) {
			scripts.forEach( script -> written.add( script.writeTo( migrationDir ) ) );
		}
		final long failing = failOn == FailOn.error ? report.errors() : report.errors() + report.warnings();
		final int exit = failing == 0 ? ExitCode.DONE : ExitCode.FINDINGS;

		output.line( report.render().stripTrailing() );
		if ( !entities.isEmpty() ) {
			output.line( "(mapping: %d entity classes from %s)", launch.entityCount(), entities );
		}
		if ( migrationDir != null ) {
			output.line( written.isEmpty() ? "nothing to migrate" : "migration written: " + written );
		}
		else if ( !scripts.isEmpty() ) {
			output.line( "--migration-dir <folder> writes the migration that fixes what SQL can (%d file%s)", scripts.size(),
					scripts.size() == 1 ? "" : "s" );
		}
		final Map<String, Object> json = Output.document( "doctor", exit );
		json.put( "database", report.database() );
		json.put( "tables", report.tables() );
		json.put( "foreignKeys", report.foreignKeys() );
		json.put( "missingTables", report.missingTables() );
		json.put( "errors", report.errors() );
		json.put( "warnings", report.warnings() );
		json.put( "milliseconds", report.took().toMillis() );
		final List<Map<String, Object>> findings = new ArrayList<>();
		for ( Finding finding : report.findings() ) {
			findings.add( Output.fields( finding ) );
		}
		json.put( "findings", findings );
		final List<Map<String, Object>> migration = new ArrayList<>();
		for ( MigrationScript script : scripts ) {
			final Map<String, Object> file = new LinkedHashMap<>( Output.fields( script ) );
			migration.add( file );
		}
		json.put( "migration", migration );
		output.json( json );
		return exit;
	}
}
