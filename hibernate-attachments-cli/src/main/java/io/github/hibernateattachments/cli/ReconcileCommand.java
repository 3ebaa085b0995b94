package io.github.hibernateattachments.cli;

import java.time.Duration;
import java.util.Map;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.ReconcileReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Compares storage and database both ways: files no blob row describes, blob rows whose file is"
				+ " missing or of another size (or checksum). Reports only, unless told to delete orphan files.",
		footerHeading = "%n", footer = ExitCode.HELP)
final class ReconcileCommand extends BaseCommand {

	@Mixin
	StorageOptions storage;

	@Option(names = "--delete-orphan-files", description = "delete the files no blob row describes")
	boolean deleteOrphanFiles;

	@Option(names = "--verify-checksums", description = "also read every file and compare its SHA-256")
	boolean verifyChecksums;

	@Option(names = "--grace", paramLabel = "<duration>", converter = Durations.class,
			description = "files younger than this are never orphans; default: 1 hour")
	Duration grace;

	@Override
	int execute(Launch launch, Output output) {
		if ( grace != null ) {
			launch.setting( AttachmentsSettings.SWEEP_GRACE_PERIOD, grace.toSeconds() + "s" );
		}
		return withAttachments( launch, storage, attachments -> {
			final ReconcileReport report = attachments.reconcile( deleteOrphanFiles, verifyChecksums, cli.terminal::progress );
			cli.terminal.endProgress();
			output.line( "files scanned: %,d; orphan files (no blob row): %,d, deleted: %,d", report.filesScanned(),
					report.orphanFiles(), report.orphanFilesDeleted() );
			report.orphanFileSamples().forEach( key -> output.line( "  orphan file " + key ) );
			output.line( "blob rows checked: %,d; file missing: %,d, wrong size: %,d, wrong checksum: %,d%s",
					report.rowsScanned(), report.rowsWithoutFile(), report.rowsWithWrongSize(), report.rowsWithWrongChecksum(),
					verifyChecksums ? "" : " (not verified)" );
			report.problemSamples().forEach( problem -> output.line( "  " + problem ) );
			output.line( report.consistent() ? "storage and database agree" : "storage and database DISAGREE" );
			final int exit = report.consistent() ? ExitCode.DONE : ExitCode.FINDINGS;
			final Map<String, Object> json = Output.document( "reconcile", exit );
			json.putAll( Output.fields( report ) );
			json.put( "consistent", report.consistent() );
			output.json( json );
			return exit;
		} );
	}
}
