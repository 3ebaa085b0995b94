package io.github.hibernateattachments.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** How the commands that touch files find the storage: the same settings as the library's. */
final class StorageOptions {

	@Option(names = "--disk-root", paramLabel = "<folder>", description = "the root folder of a disk storage service")
	Path diskRoot;

	@Option(names = "--storage", paramLabel = "<type>", description = "a storage service type (disk, memory, gcs) or"
			+ " the class name of a StorageServiceFactory; its settings come from --config")
	String storage;
}
