package io.github.hibernateattachments.spring.boot;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a user sees when the application does not start because of the extension's configuration: Spring
 * Boot's failure report, naming the {@code attachments.*} property they wrote, not Hibernate's setting.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisTest {

	private static void start(String... properties) {
		new SpringApplicationBuilder( TestApplication.class )
				.properties( "spring.datasource.url=jdbc:h2:mem:failure" + System.nanoTime(), "spring.main.banner-mode=off",
						"attachments.worker.enabled=false" )
				.properties( properties )
				.run()
				.close();
	}

	/** The report Spring Boot prints: its description and action, without the logged stack trace. */
	private static String report(CapturedOutput output) {
		final String all = output.getOut() + output.getErr();
		final int start = all.indexOf( "APPLICATION FAILED TO START" );
		assertThat( start ).as( "a failure report in:\n" + all ).isNotNegative();
		final int description = all.indexOf( "Description:", start );
		final int end = all.indexOf( "\n\n", all.indexOf( "Action:", description ) + "Action:\n\n".length() );
		return all.substring( description, end < 0 ? all.length() : end );
	}

	@Test
	void an_unknown_service_type_names_the_spring_property(CapturedOutput output) {
		assertThatThrownBy( () -> start( "attachments.services.files.type=dsk" ) ).isNotNull();

		assertThat( report( output ) ).contains( "Unknown storage service type 'dsk' in setting 'attachments.services.files.type'" )
				.doesNotContain( "'hibernate.attachments" );
	}

	@Test
	void a_disk_service_without_root_names_the_spring_property(CapturedOutput output) {
		assertThatThrownBy( () -> start( "attachments.services.files.type=disk" ) ).isNotNull();

		assertThat( report( output ) ).contains( "Missing setting 'attachments.services.files.root'" )
				.doesNotContain( "'hibernate.attachments" );
	}

	@Test
	void no_storage_at_all_says_how_to_configure_one(CapturedOutput output) {
		assertThatThrownBy( () -> start() ).isNotNull();

		assertThat( report( output ) ).contains( "No storage is configured for the attachments of Member.documents, Member.photo" )
				.contains( "'attachments.services.<name>.type'" ).contains( "attachments.default-disk-root=true" )
				.doesNotContain( "'hibernate.attachments" );
	}
}
