package io.github.hibernateattachments.cli;

import java.util.Map;

import io.github.hibernateattachments.OutboxReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "outbox", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Runs the outbox worker once: file deletes that failed after commit, uploads whose transaction"
				+ " never finished.",
		footerHeading = "%n", footer = ExitCode.HELP)
final class OutboxCommand extends BaseCommand {

	@Mixin
	StorageOptions storage;

	@Override
	int execute(Launch launch, Output output) {
		return withAttachments( launch, storage, attachments -> {
			final OutboxReport report = attachments.processOutbox();
			output.line( "outbox: %,d due rows claimed, %,d files deleted, %,d failed (retried later), %,d committed uploads kept",
					report.claimed(), report.deleted(), report.failed(), report.kept() );
			final int exit = report.failed() == 0 ? ExitCode.DONE : ExitCode.FINDINGS;
			final Map<String, Object> json = Output.document( "outbox", exit );
			json.putAll( Output.fields( report ) );
			output.json( json );
			return exit;
		} );
	}
}
