package io.github.hibernateattachments.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The options every command has: where the database is, how to log in, how to report. */
final class CommonOptions {

	static final String PASSWORD_ENV = "ATTACHMENTS_DB_PASSWORD";

	@Option(names = "--url", paramLabel = "<jdbc-url>", description = "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/app"
			+ " (or jakarta.persistence.jdbc.url in --config)")
	String url;

	@Option(names = "--user", paramLabel = "<user>", description = "database user (or jakarta.persistence.jdbc.user in --config)")
	String user;

	@Option(names = "--password", arity = "0", description = "ask for the database password on the terminal; without it the"
			+ " password comes from the environment variable named by --password-env, or from --config")
	boolean askPassword;

	@Option(names = "--password-env", paramLabel = "<variable>", defaultValue = PASSWORD_ENV,
			description = "environment variable holding the password (default: ${DEFAULT-VALUE})")
	String passwordEnv;

	@Option(names = "--config", paramLabel = "<file>", description = "a properties file of persistence-unit settings: the"
			+ " storage services (hibernate.attachments.services.<name>.*), the JDBC settings, anything Hibernate takes")
	Path config;

	@Option(names = "--json", description = "write the result to standard output as one JSON object")
	boolean json;

	@Option(names = "--verbose", description = "show Hibernate's and the library's INFO logging on standard error")
	boolean verbose;
}
