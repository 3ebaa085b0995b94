package io.github.hibernateattachments.cli;

import picocli.CommandLine.Command;

@Command(name = "move", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Copies like copy, then records the blobs with the target service (e.g. a mirror over both while"
				+ " the application keeps running).",
		footerHeading = "%n", footer = ExitCode.HELP)
final class MoveCommand extends CopyCommand {

	@Override
	boolean move() {
		return true;
	}
}
