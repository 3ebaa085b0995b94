package io.github.hibernateattachments.spring.boot;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.hibernateattachments.spring.boot.actuate.AttachmentsActuatorAutoConfiguration;
import io.github.hibernateattachments.spring.boot.actuate.AttachmentsHealthIndicator;
import io.github.hibernateattachments.spring.boot.actuate.MicrometerAttachmentsObserver;
import io.github.hibernateattachments.spring.boot.app.Member;
import io.github.hibernateattachments.spring.boot.migration.AttachmentsFlywayAutoConfiguration;
import io.github.hibernateattachments.spring.boot.migration.AttachmentsFlywayCallback;
import io.github.hibernateattachments.spring.boot.web.AttachmentResponses;
import io.github.hibernateattachments.spring.boot.web.AttachmentsWebAutoConfiguration;
import io.github.hibernateattachments.spring.boot.web.MultipartFileToAttachmentConverter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The conditions of the optional parts: Spring MVC, Flyway, metrics and health. */
class OptionalFeaturesConditionsTest {

	private static final AtomicInteger DATABASES = new AtomicInteger();

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Member.class)
	static class Entities {
	}

	private static final AutoConfigurations ALL = AutoConfigurations.of( DataSourceAutoConfiguration.class,
			HibernateJpaAutoConfiguration.class, AttachmentsAutoConfiguration.class, AttachmentsWebAutoConfiguration.class,
			AttachmentsFlywayAutoConfiguration.class, AttachmentsActuatorAutoConfiguration.class );

	private static String[] properties(String... more) {
		final String[] base = { "spring.datasource.url=jdbc:h2:mem:optional" + DATABASES.incrementAndGet(),
				"spring.jpa.hibernate.ddl-auto=create-drop", "attachments.services.files.type=memory" };
		final String[] all = java.util.Arrays.copyOf( base, base.length + more.length );
		System.arraycopy( more, 0, all, base.length, more.length );
		return all;
	}

	@Test
	void spring_mvc_support_exists_in_a_servlet_web_application_only() {
		new WebApplicationContextRunner().withConfiguration( ALL ).withUserConfiguration( Entities.class )
				.withPropertyValues( properties() )
				.run( context -> assertThat( context ).hasSingleBean( MultipartFileToAttachmentConverter.class )
						.hasSingleBean( AttachmentResponses.class ) );
		new ApplicationContextRunner().withConfiguration( ALL ).withUserConfiguration( Entities.class )
				.withPropertyValues( properties() )
				.run( context -> assertThat( context ).hasNotFailed().doesNotHaveBean( MultipartFileToAttachmentConverter.class )
						.doesNotHaveBean( AttachmentResponses.class ) );
		new WebApplicationContextRunner().withConfiguration( ALL ).withUserConfiguration( Entities.class )
				.withClassLoader( new FilteredClassLoader( MultipartFile.class ) ).withPropertyValues( properties() )
				.run( context -> assertThat( context ).doesNotHaveBean( AttachmentResponses.class ) );
	}

	@Test
	void the_flyway_callback_needs_flyway_and_can_be_turned_off() {
		final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration( ALL )
				.withUserConfiguration( Entities.class );
		runner.withPropertyValues( properties() )
				.run( context -> assertThat( context ).hasSingleBean( AttachmentsFlywayCallback.class ) );
		runner.withPropertyValues( properties( "attachments.flyway.enabled=false" ) )
				.run( context -> assertThat( context ).doesNotHaveBean( AttachmentsFlywayCallback.class ) );
		runner.withClassLoader( new FilteredClassLoader( Flyway.class ) ).withPropertyValues( properties() )
				.run( context -> assertThat( context ).hasNotFailed().doesNotHaveBean( AttachmentsFlywayCallback.class ) );
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {
		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}
	}

	@Test
	void metrics_need_micrometer_and_health_can_be_turned_off() {
		final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration( ALL )
				.withUserConfiguration( Entities.class, Registry.class );
		runner.withPropertyValues( properties() )
				.run( context -> assertThat( context ).hasSingleBean( MicrometerAttachmentsObserver.class )
						.hasSingleBean( AttachmentsHealthIndicator.class ) );
		runner.withPropertyValues( properties( "management.health.attachments.enabled=false" ) )
				.run( context -> assertThat( context ).doesNotHaveBean( AttachmentsHealthIndicator.class ) );
		new ApplicationContextRunner().withConfiguration( ALL ).withUserConfiguration( Entities.class )
				.withClassLoader( new FilteredClassLoader( MeterRegistry.class ) ).withPropertyValues( properties() )
				.run( context -> assertThat( context ).hasNotFailed().doesNotHaveBean( MicrometerAttachmentsObserver.class ) );
	}
}
