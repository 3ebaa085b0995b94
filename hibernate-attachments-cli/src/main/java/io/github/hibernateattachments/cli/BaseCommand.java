package io.github.hibernateattachments.cli;

import java.util.concurrent.Callable;

import io.github.hibernateattachments.Attachments;

import jakarta.persistence.EntityManagerFactory;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What the commands share: options, logging, start and stop. */
abstract class BaseCommand implements Callable<Integer> {

	@ParentCommand
	AttachmentsCli cli;

	@Mixin
	CommonOptions common;

	@Override
	public final Integer call() {
		try ( AttachmentsCli.LogSetup ignored = cli.logging( common.verbose ) ) {
			final Output output = new Output( cli.out, common.json );
			try ( Launch launch = new Launch( common, cli.environment, cli.terminal ) ) {
				return execute( launch, output );
			}
		}
		finally {
			cli.terminal.endProgress();
		}
	}

	abstract int execute(Launch launch, Output output);

	/** For the commands that work on files: boots with the storage. */
	static int withAttachments(Launch launch, StorageOptions storage, FileWork work) {
		try ( EntityManagerFactory emf = launch.storage( storage, true ).boot() ) {
			return work.run( Attachments.of( emf ) );
		}
	}

	interface FileWork {
		int run(Attachments attachments);
	}

	static double seconds(long start) {
		return Math.max( 1e-3, ( System.nanoTime() - start ) / 1e9 );
	}
}
