package io.github.hibernateattachments.spring.boot;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;

/**
 * Hands the {@code attachments.*} properties and the context's StorageService beans to Hibernate as
 * {@code hibernate.attachments.*} settings. Where a setting is also given under
 * {@code spring.jpa.properties}, the {@code attachments.*} property wins.
 */
public class AttachmentsHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer {

	private final Supplier<HibernateSettings> settings;

	AttachmentsHibernatePropertiesCustomizer(Supplier<HibernateSettings> settings) {
		this.settings = settings;
	}

	@Override
	public void customize(Map<String, Object> hibernateProperties) {
		hibernateProperties.putAll( settings.get().settings() );
	}
}
