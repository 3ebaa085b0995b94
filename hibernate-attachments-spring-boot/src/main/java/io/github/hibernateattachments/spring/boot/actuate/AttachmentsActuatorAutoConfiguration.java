package io.github.hibernateattachments.spring.boot.actuate;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.spring.boot.AttachmentsAutoConfiguration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot Actuator: Micrometer metrics of stores, deletes, failures, sweeps and worker runs, and a
 * health indicator of the outbox.
 */
@AutoConfiguration(after = AttachmentsAutoConfiguration.class)
public class AttachmentsActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, Attachments.class })
	static class Metrics {
		@Bean
		@ConditionalOnMissingBean
		MicrometerAttachmentsObserver micrometerAttachmentsObserver(ObjectProvider<MeterRegistry> registry) {
			return new MicrometerAttachmentsObserver( registry::getIfUnique );
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, Attachments.class })
	@ConditionalOnBean(Attachments.class)
	@ConditionalOnEnabledHealthIndicator("attachments")
	static class HealthCheck {
		@Bean
		@ConditionalOnMissingBean(name = "attachmentsHealthIndicator")
		AttachmentsHealthIndicator attachmentsHealthIndicator(Attachments attachments) {
			return new AttachmentsHealthIndicator( attachments );
		}
	}
}
