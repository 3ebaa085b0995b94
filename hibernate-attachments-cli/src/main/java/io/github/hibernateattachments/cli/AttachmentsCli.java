package io.github.hibernateattachments.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of hibernate-attachments, one runnable jar:
 * <pre>
 * java -jar hibernate-attachments-cli.jar doctor --url=jdbc:postgresql://db:5432/app --user=app --entities=app.jar
 * java -jar hibernate-attachments-cli.jar sweep --url=... --disk-root=/var/lib/app/files --dry-run
 * </pre>
 * Commands: {@code sweep}, {@code reconcile}, {@code outbox}, {@code copy}, {@code move}, {@code doctor};
 * {@code --help} after any of them shows its options. The summary goes to standard output ({@code --json} for
 * machines); progress, on a terminal only, and logs go to standard error. Exit statuses: {@link ExitCode}.
 */
@Command(name = "hibernate-attachments", mixinStandardHelpOptions = true, versionProvider = AttachmentsCli.Version.class,
		description = "Maintenance of the files of hibernate-attachments, and the referential-integrity doctor.",
		subcommands = { SweepCommand.class, ReconcileCommand.class, OutboxCommand.class, CopyCommand.class, MoveCommand.class,
				DoctorCommand.class, CommandLine.HelpCommand.class },
		synopsisSubcommandLabel = "<command>", footerHeading = "%n", footer = ExitCode.HELP, usageHelpAutoWidth = true)
public final class AttachmentsCli implements Runnable {

	@Spec
	CommandSpec spec;

	final PrintStream out;
	final Terminal terminal;
	final Map<String, String> environment;

	AttachmentsCli(PrintStream out, Terminal terminal, Map<String, String> environment) {
		this.out = out;
		this.terminal = terminal;
		this.environment = environment;
	}

	public static void main(String[] args) {
		System.setProperty( "org.jboss.logging.provider", "jdk" );
		System.exit( run( args, System.out, System.err, System.getenv(), Terminal.isTerminal() ) );
	}

	/**
	 * Runs a command in this JVM.
	 *
	 * @param environment where {@code --password-env} is looked up
	 * @param interactive whether standard error is a terminal: progress lines are shown only then
	 * @return the exit status
	 */
	public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment, boolean interactive) {
		final Terminal terminal = new Terminal( err, interactive );
		final CommandLine commandLine = new CommandLine( new AttachmentsCli( out, terminal, environment ) );
		commandLine.setOut( new PrintWriter( out, true, StandardCharsets.UTF_8 ) );
		commandLine.setErr( new PrintWriter( err, true, StandardCharsets.UTF_8 ) );
		commandLine.setExecutionExceptionHandler( (e, cmd, parsed) -> {
			terminal.endProgress();
			if ( e instanceof CliException failure ) {
				err.println( "error: " + failure.getMessage() );
				return failure.exitCode();
			}
			err.println( "failed: " + ( e.getMessage() == null ? e.toString() : e.getMessage() ) );
			if ( verbose( parsed ) ) {
				e.printStackTrace( err );
			}
			return ExitCode.FAILED;
		} );
		return commandLine.execute( args );
	}

	private static boolean verbose(CommandLine.ParseResult parsed) {
		for ( CommandLine.ParseResult result = parsed; result != null; result = result.subcommand() ) {
			if ( result.hasMatchedOption( "--verbose" ) ) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void run() {
		throw new ParameterException( spec.commandLine(), "give a command: sweep, reconcile, outbox, copy, move or doctor" );
	}

	/**
	 * Sends java.util.logging (where Hibernate, the library and Google's client log in this jar) to standard
	 * error through the terminal, WARNING and above unless verbose; restored by {@link LogSetup#close()}.
	 */
	LogSetup logging(boolean verbose) {
		return new LogSetup( terminal, verbose );
	}

	static final class LogSetup implements AutoCloseable {
		private final Logger root = Logger.getLogger( "" );
		private final Level level = root.getLevel();
		private final List<Handler> handlers = new ArrayList<>( List.of( root.getHandlers() ) );
		private final Logger pool = Logger.getLogger( "org.hibernate.orm.connections.pooling" );
		private final Level poolLevel = pool.getLevel();

		LogSetup(Terminal terminal, boolean verbose) {
			handlers.forEach( root::removeHandler );
			root.addHandler( new Handler() {
				@Override
				public void publish(LogRecord record) {
					if ( isLoggable( record ) ) {
						final String name = record.getLoggerName() == null ? "" : record.getLoggerName();
						terminal.log( record.getLevel().getName() + " " + name.substring( name.lastIndexOf( '.' ) + 1 ) + ": "
								+ new java.util.logging.SimpleFormatter().formatMessage( record ) );
					}
				}

				@Override
				public void flush() {
				}

				@Override
				public void close() {
				}
			} );
			root.setLevel( verbose ? Level.INFO : Level.WARNING );
			if ( !verbose ) {
				pool.setLevel( Level.SEVERE ); // "built-in connection pool, not for production": right for a one-shot command
			}
		}

		@Override
		public void close() {
			for ( Handler handler : root.getHandlers() ) {
				root.removeHandler( handler );
			}
			handlers.forEach( root::addHandler );
			root.setLevel( level );
			pool.setLevel( poolLevel );
		}
	}

	/** The jar's version, Hibernate's and Java's. */
	static final class Version implements IVersionProvider {
		@Override
		public String[] getVersion() {
			final Properties properties = new Properties();
			try ( InputStream in = AttachmentsCli.class.getResourceAsStream( "/hibernate-attachments-cli.properties" ) ) {
				if ( in != null ) {
					properties.load( in );
				}
			}
			catch (IOException e) {
				// reported as unknown
			}
			return new String[] { "hibernate-attachments-cli " + properties.getProperty( "version", "(unknown version)" ),
					"Hibernate ORM " + org.hibernate.Version.getVersionString(), "Java " + Runtime.version() };
		}
	}
}
