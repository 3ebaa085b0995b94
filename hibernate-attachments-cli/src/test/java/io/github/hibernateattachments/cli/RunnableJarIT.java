package io.github.hibernateattachments.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.hibernateattachments.cli.CliFixture.Run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar as a user runs it, {@code java -jar hibernate-attachments-cli.jar ...}, in a JVM of its own
 * (after {@code package}, by Failsafe): nothing else on the class path, the drivers inside, Hibernate quiet.
 */
class RunnableJarIT {

	private static final Path JAR = Path.of( System.getProperty( "cli.jar", "target/hibernate-attachments-cli.jar" ) );

	private static Run java(List<String> args) throws IOException, InterruptedException {
		final List<String> command = new ArrayList<>( List.of( Path.of( System.getProperty( "java.home" ), "bin", "java" ).toString(),
				"-jar", JAR.toString() ) );
		command.addAll( args );
		final ProcessBuilder builder = new ProcessBuilder( command );
		builder.environment().put( CommonOptions.PASSWORD_ENV, CliFixture.PASSWORD );
		final Path out = Files.createTempFile( "cli-out", ".txt" );
		final Path err = Files.createTempFile( "cli-err", ".txt" );
		final Process process = builder.redirectOutput( out.toFile() ).redirectError( err.toFile() ).start();
		assertThat( process.waitFor( 3, TimeUnit.MINUTES ) ).as( "the command finished" ).isTrue();
		return new Run( process.exitValue(), Files.readString( out, StandardCharsets.UTF_8 ), Files.readString( err, StandardCharsets.UTF_8 ) );
	}

	private static Run java(String... args) throws IOException, InterruptedException {
		return java( List.of( args ) );
	}

	@Test
	void help_and_version() throws Exception {
		final Run help = java( "--help" );
		assertThat( help.status() ).isZero();
		assertThat( help.out() ).startsWith( "Usage: hibernate-attachments [-hV] <command>" );
		assertThat( help.err() ).isEmpty();

		final Run version = java( "--version" );
		assertThat( version.status() ).isZero();
		assertThat( version.out() ).startsWith( "hibernate-attachments-cli 0.1.0-SNAPSHOT" ).contains( "Hibernate ORM 7." );
	}

	@Test
	void the_jar_holds_the_three_drivers_and_every_service_file_merged() throws Exception {
		try ( JarFile jar = new JarFile( JAR.toFile() ) ) {
			assertThat( jar.getManifest().getMainAttributes().getValue( "Main-Class" ) ).isEqualTo( AttachmentsCli.class.getName() );
			final String drivers = new String( jar.getInputStream( jar.getEntry( "META-INF/services/java.sql.Driver" ) ).readAllBytes(),
					StandardCharsets.UTF_8 );
			assertThat( drivers ).contains( "org.postgresql.Driver", "org.h2.Driver", "org.mariadb.jdbc.Driver" );
			final String integrators = new String( jar.getInputStream( jar.getEntry( "META-INF/services/org.hibernate.integrator.spi.Integrator" ) )
					.readAllBytes(), StandardCharsets.UTF_8 );
			assertThat( integrators ).contains( "io.github.hibernateattachments.internal.bootstrap.AttachmentsIntegrator" );
			final String storages = new String( jar.getInputStream( jar.getEntry(
					"META-INF/services/io.github.hibernateattachments.spi.StorageServiceFactory" ) ).readAllBytes(), StandardCharsets.UTF_8 );
			assertThat( storages ).contains( "DiskStorageServiceFactory", "GcsStorageServiceFactory" );
		}
	}

	@Test
	void sweep_runs_quietly_from_the_jar() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 2 );
		fixture.execute( "delete from shelves" );

		final Run sweep = java( fixture.args( "sweep", "--disk-root=" + fixture.storage, "--grace=0" ) );

		assertThat( sweep.status() ).as( sweep.err() ).isZero();
		assertThat( sweep.out() ).startsWith( "swept 2 unreferenced blobs in " ).contains( "2 files deleted" );
		assertThat( sweep.err() ).as( "no log line, no progress (not a terminal)" ).isEmpty();
		assertThat( fixture.count( "attachment_blobs" ) ).isZero();
	}

	@Test
	void the_doctor_from_the_jar_with_the_applications_classes() throws Exception {
		final CliFixture fixture = new CliFixture().withShelves( 1 );
		fixture.execute( "alter table books drop constraint " + fixture.foreignKeyName( "books", "shelf_id" ) );
		final String classes = Path.of( io.github.hibernateattachments.cli.model.Book.class.getProtectionDomain().getCodeSource()
				.getLocation().toURI() ).toString();

		final Run doctor = java( fixture.args( "doctor", "--entities=" + classes, "--json" ) );

		assertThat( doctor.status() ).as( doctor.err() ).isEqualTo( ExitCode.FINDINGS );
		final JsonObject json = JsonParser.parseString( doctor.out() ).getAsJsonObject();
		assertThat( json.get( "errors" ).getAsLong() ).isEqualTo( 1 );
		assertThat( json.getAsJsonArray( "findings" ).get( 0 ).getAsJsonObject().get( "association" ).getAsString() ).isEqualTo( "Book.shelf" );
		assertThat( doctor.err() ).isEmpty();
	}

	@Test
	void a_database_that_does_not_answer_exits_with_3() throws Exception {
		final Run run = java( "doctor", "--url=jdbc:mariadb://127.0.0.1:9/app", "--user=app" );

		assertThat( run.status() ).isEqualTo( ExitCode.CANNOT_CONNECT );
		assertThat( run.err() ).startsWith( "error: cannot connect to jdbc:mariadb://127.0.0.1:9/app as app: " );
	}
}
