package io.github.hibernateattachments.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata IDEs complete {@code attachments.*} from: generated from AttachmentsProperties by
 * the annotation processor and merged with the hand-written entries (jobs, Flyway), with types, descriptions
 * and defaults.
 */
class ConfigurationMetadataTest {

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> properties() throws IOException {
		try ( InputStream in = ConfigurationMetadataTest.class.getResourceAsStream( "/META-INF/spring-configuration-metadata.json" ) ) {
			assertThat( in ).as( "META-INF/spring-configuration-metadata.json in the module's jar" ).isNotNull();
			final Map<String, Object> json = JsonParserFactory.getJsonParser().parseMap( new String( in.readAllBytes(), "UTF-8" ) );
			final Map<String, Map<String, Object>> byName = new HashMap<>();
			for ( Object property : (List<Object>) json.get( "properties" ) ) {
				final Map<String, Object> p = (Map<String, Object>) property;
				byName.put( (String) p.get( "name" ), p );
			}
			return byName;
		}
	}

	@Test
	void every_property_has_a_type_and_a_description_and_the_jobs_their_defaults() throws IOException {
		final Map<String, Map<String, Object>> properties = properties();

		assertThat( properties ).containsKeys( "attachments.enabled", "attachments.service", "attachments.services",
				"attachments.max-size", "attachments.default-disk-root", "attachments.upload.grace-period",
				"attachments.delete-ordering.enabled", "attachments.web.signed-url-ttl", "attachments.flyway.enabled",
				"attachments.worker.cron", "attachments.sweeper.interval", "attachments.doctor" );
		assertThat( properties.values() ).allSatisfy( p -> assertThat( p ).containsKeys( "type", "description" ) );
		assertThat( properties.get( "attachments.max-size" ) ).containsEntry( "type", "org.springframework.util.unit.DataSize" );
		assertThat( properties.get( "attachments.upload.grace-period" ) ).containsEntry( "type", "java.time.Duration" );
		assertThat( properties.get( "attachments.worker.enabled" ) ).containsEntry( "defaultValue", true );
		assertThat( properties.get( "attachments.worker.interval" ) ).containsEntry( "defaultValue", "30s" );
		assertThat( properties.get( "attachments.sweeper.enabled" ) ).containsEntry( "defaultValue", false );
	}
}
