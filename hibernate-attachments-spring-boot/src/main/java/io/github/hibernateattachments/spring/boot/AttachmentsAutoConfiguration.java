package io.github.hibernateattachments.spring.boot;

import java.nio.file.Path;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.spi.AttachmentsObserver;
import io.github.hibernateattachments.spi.StorageService;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of hibernate-attachments for a Spring Boot application with Hibernate JPA: the
 * {@code attachments.*} properties and StorageService beans become the extension's settings, an
 * {@link Attachments} bean, and the outbox worker and sweeper on Spring's scheduler. Inactive without an
 * EntityManagerFactory; each bean gives way to one the application declares.
 */
@AutoConfiguration(after = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass({ Attachments.class, HibernatePropertiesCustomizer.class, EntityManagerFactory.class })
@ConditionalOnBean(EntityManagerFactory.class)
@EnableConfigurationProperties(AttachmentsProperties.class)
public class AttachmentsAutoConfiguration {

	/** Always present with JPA, also when {@code attachments.enabled=false}: that too must reach Hibernate. */
	@Bean
	@ConditionalOnMissingBean
	public AttachmentsHibernatePropertiesCustomizer attachmentsHibernatePropertiesCustomizer(AttachmentsProperties properties,
			ListableBeanFactory beanFactory, Environment environment, ObjectProvider<AttachmentsObserver> observer) {
		return new AttachmentsHibernatePropertiesCustomizer( () -> HibernateSettings.of( properties,
				beanFactory.getBeansOfType( StorageService.class ),
				Binder.get( environment ).bind( "spring.servlet.multipart.max-file-size", DataSize.class ).orElse( null ),
				Path.of( "" ) ).withObserver( observer.getIfUnique() ) );
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnAttachmentsEnabled.class)
	public Attachments attachments(EntityManagerFactory entityManagerFactory) {
		return Attachments.of( entityManagerFactory );
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnAttachmentsEnabled.class)
	public AttachmentsJobs attachmentsJobs(ObjectProvider<Attachments> attachments, AttachmentsProperties properties,
			ObjectProvider<TaskScheduler> taskScheduler) {
		return new AttachmentsJobs( attachments::getObject, properties, taskScheduler::getIfUnique );
	}
}
