package io.github.hibernateattachments.spring.boot.migration;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * With Flyway: the extension's own tables are migrated right before the application's migrations, with a
 * schema history of their own ({@link AttachmentsFlywayCallback}). {@code attachments.flyway.enabled=false}
 * leaves the extension's tables to the application's own migrations.
 */
@AutoConfiguration
@ConditionalOnClass(Flyway.class)
@ConditionalOnBooleanProperty(name = "attachments.flyway.enabled", matchIfMissing = true)
public class AttachmentsFlywayAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	public AttachmentsFlywayCallback attachmentsFlywayCallback(Environment environment) {
		return new AttachmentsFlywayCallback(
				environment.getProperty( "attachments.flyway.table", "attachments_schema_history" ),
				environment.getProperty( "attachments.flyway.baseline-version", "0" ) );
	}
}
