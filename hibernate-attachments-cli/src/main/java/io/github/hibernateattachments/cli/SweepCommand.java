package io.github.hibernateattachments.cli;

import java.time.Duration;
import java.util.Map;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.SweepReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Deletes the blobs nothing references (older than the grace period), then their files. Needs no"
				+ " entity class: the references are the database's foreign keys into attachment_blobs.",
		footerHeading = "%n", footer = ExitCode.HELP)
final class SweepCommand extends BaseCommand {

	@Mixin
	StorageOptions storage;

	@Option(names = "--dry-run", description = "only count what would be deleted")
	boolean dryRun;

	@Option(names = "--grace", paramLabel = "<duration>", converter = Durations.class,
			description = "blobs younger than this are kept (an upload may be on its way): 3600, 90s, 15m, 2h, 1d or PT1H;"
					+ " default: the library's, 1 hour")
	Duration grace;

	@Override
	int execute(Launch launch, Output output) {
		if ( grace != null ) {
			launch.setting( AttachmentsSettings.SWEEP_GRACE_PERIOD, grace.toSeconds() + "s" );
		}
		return withAttachments( launch, storage, attachments -> {
			final long start = System.nanoTime();
			final SweepReport report = attachments.sweep( dryRun, sofar -> cli.terminal.progress( String.format(
					"swept %,d blobs (%,.0f/s), %,d files deleted", sofar.deleted(), sofar.deleted() / seconds( start ), sofar.filesDeleted() ) ) );
			cli.terminal.endProgress();
			if ( dryRun ) {
				output.line( "dry run: %,d unreferenced blobs would be deleted", report.found() );
			}
			else {
				output.line( "swept %,d unreferenced blobs in %.1f s: %,d files deleted, %,d left to the outbox worker",
						report.deleted(), seconds( start ), report.filesDeleted(), report.filesFailed() );
			}
			report.sampleKeys().forEach( key -> output.line( "  " + key ) );
			if ( report.youngerThanGracePeriod() > 0 ) {
				output.line( "%,d unreferenced blobs left: younger than the grace period", report.youngerThanGracePeriod() );
			}
			final int exit = report.filesFailed() == 0 ? ExitCode.DONE : ExitCode.FINDINGS;
			final Map<String, Object> json = Output.document( "sweep", exit );
			json.putAll( Output.fields( report ) );
			json.put( "seconds", seconds( start ) );
			output.json( json );
			return exit;
		} );
	}
}
