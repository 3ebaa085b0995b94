package io.github.hibernateattachments.cli;

/**
 * The command's exit statuses, distinct so that scripts can tell them apart.
 */
public final class ExitCode {

	/** Done: nothing found, nothing failed. */
	public static final int DONE = 0;
	/** Done, with findings: the doctor found problems, reconciliation found disagreements, or file deletes failed. */
	public static final int FINDINGS = 1;
	/** Bad usage: an unknown command or option, a missing value, an unreadable or invalid configuration. */
	public static final int USAGE = 2;
	/** The database cannot be reached or refuses the login. */
	public static final int CANNOT_CONNECT = 3;
	/** Failed while running, e.g. the database or the storage went away. */
	public static final int FAILED = 4;

	static final String HELP = """
			Exit status:
			  0  done
			  1  findings: problems the doctor found, storage and database disagree,
			     or file deletes failed (the outbox worker retries them)
			  2  bad usage: unknown command or option, missing value,
			     unreadable or invalid configuration
			  3  cannot connect to the database
			  4  failed while running""";

	private ExitCode() {
	}
}
