package io.github.hibernateattachments.cli;

import java.util.Map;
import java.util.function.Consumer;

import io.github.hibernateattachments.BlobCopyReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Copies the files of every blob of one storage service to another, each verified by its SHA-256."
				+ " The services come from --config (hibernate.attachments.services.<name>.*).",
		footerHeading = "%n", footer = ExitCode.HELP)
class CopyCommand extends BaseCommand {

	@Mixin
	StorageOptions storage;

	@Option(names = "--from", required = true, paramLabel = "<service>", description = "the service the files are in")
	String from;

	@Option(names = "--to", required = true, paramLabel = "<service>", description = "the service to copy them to")
	String to;

	boolean move() {
		return false;
	}

	@Override
	int execute(Launch launch, Output output) {
		return withAttachments( launch, storage, attachments -> {
			final long start = System.nanoTime();
			final Consumer<BlobCopyReport> progress = sofar -> cli.terminal.progress( String.format(
					"%,d blobs: %,d copied, %,d already there, %,d failed", sofar.blobs(), sofar.copied(), sofar.alreadyPresent(),
					sofar.failed() ) );
			final BlobCopyReport report = move() ? attachments.moveBlobs( from, to, progress ) : attachments.copyBlobs( from, to );
			cli.terminal.endProgress();
			output.line( "%s %,d blobs from '%s' to '%s' in %.1f s: %,d copied and verified, %,d already there, %,d reassigned,"
							+ " %,d deleted meanwhile, %,d failed", move() ? "moved" : "copied", report.blobs(), from, to, seconds( start ),
					report.copied(), report.alreadyPresent(), report.reassigned(), report.vanished(), report.failed() );
			report.failureSamples().forEach( failure -> output.line( "  " + failure ) );
			final int exit = report.complete() ? ExitCode.DONE : ExitCode.FINDINGS;
			final Map<String, Object> json = Output.document( move() ? "move" : "copy", exit );
			json.putAll( Output.fields( report ) );
			output.json( json );
			return exit;
		} );
	}
}
