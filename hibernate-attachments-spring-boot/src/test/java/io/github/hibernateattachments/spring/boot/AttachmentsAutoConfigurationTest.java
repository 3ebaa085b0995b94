package io.github.hibernateattachments.spring.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spring.boot.app.Member;
import io.github.hibernateattachments.storage.InMemoryStorageService;

import jakarta.persistence.EntityManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auto-configuration's conditions, one context per case: what is created, what gives way, and what a JPA
 * application without it or without JPA sees.
 */
class AttachmentsAutoConfigurationTest {

	private static final AtomicInteger DATABASES = new AtomicInteger();

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Member.class)
	static class Entities {
	}

	private static ApplicationContextRunner jpa() {
		return new ApplicationContextRunner()
				.withConfiguration( AutoConfigurations.of( DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
						TransactionAutoConfiguration.class, AttachmentsAutoConfiguration.class ) )
				.withUserConfiguration( Entities.class )
				.withPropertyValues( "spring.datasource.url=jdbc:h2:mem:acr" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
						"spring.jpa.hibernate.ddl-auto=create-drop" );
	}

	/** Persists a member with a photo in a transaction of the context, as an application's service does. */
	private static long persistMember(org.springframework.context.ApplicationContext context) {
		return new TransactionTemplate( context.getBean( org.springframework.transaction.PlatformTransactionManager.class ) )
				.execute( status -> {
					final var em = org.springframework.orm.jpa.EntityManagerFactoryUtils.getTransactionalEntityManager(
							context.getBean( EntityManagerFactory.class ) );
					final Member member = new Member( "ada" );
					member.photo = Attachment.of( "photo".getBytes(), "photo.txt" );
					em.persist( member );
					return member.id;
				} );
	}

	@Test
	void without_an_entity_manager_factory_the_context_starts_as_before() {
		new ApplicationContextRunner()
				.withConfiguration( AutoConfigurations.of( DataSourceAutoConfiguration.class, AttachmentsAutoConfiguration.class ) )
				.withPropertyValues( "spring.datasource.url=jdbc:h2:mem:nojpa" + DATABASES.incrementAndGet() )
				.run( context -> {
					assertThat( context ).hasNotFailed();
					assertThat( context ).doesNotHaveBean( AttachmentsHibernatePropertiesCustomizer.class )
							.doesNotHaveBean( Attachments.class ).doesNotHaveBean( AttachmentsJobs.class )
							.doesNotHaveBean( AttachmentsProperties.class );
				} );
	}

	@Test
	void without_spring_boots_hibernate_module_nothing_is_configured() {
		new ApplicationContextRunner()
				.withClassLoader( new FilteredClassLoader( "org.springframework.boot.hibernate" ) )
				.withConfiguration( AutoConfigurations.of( DataSourceAutoConfiguration.class, AttachmentsAutoConfiguration.class ) )
				.withPropertyValues( "spring.datasource.url=jdbc:h2:mem:nohibernate" + DATABASES.incrementAndGet() )
				.run( context -> {
					assertThat( context ).hasNotFailed();
					assertThat( context ).doesNotHaveBean( Attachments.class ).doesNotHaveBean( AttachmentsProperties.class );
				} );
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = io.github.hibernateattachments.spring.boot.plain.Note.class)
	static class PlainEntities {
	}

	@Test
	void without_the_extensions_core_nothing_is_configured() {
		new ApplicationContextRunner()
				.withClassLoader( new FilteredClassLoader( Attachments.class ) )
				.withConfiguration( AutoConfigurations.of( DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
						AttachmentsAutoConfiguration.class ) )
				.withUserConfiguration( PlainEntities.class )
				.withPropertyValues( "spring.datasource.url=jdbc:h2:mem:nocore" + DATABASES.incrementAndGet() )
				.run( context -> {
					assertThat( context ).hasNotFailed().hasSingleBean( EntityManagerFactory.class );
					assertThat( context ).doesNotHaveBean( AttachmentsHibernatePropertiesCustomizer.class )
							.doesNotHaveBean( AttachmentsJobs.class );
				} );
	}

	@Test
	void a_jpa_application_that_attaches_nothing_starts_without_any_property() {
		new ApplicationContextRunner()
				.withConfiguration( AutoConfigurations.of( DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
						AttachmentsAutoConfiguration.class ) )
				.withUserConfiguration( PlainEntities.class )
				.withPropertyValues( "spring.datasource.url=jdbc:h2:mem:plain" + DATABASES.incrementAndGet() )
				.run( context -> assertThat( context ).hasNotFailed().hasSingleBean( Attachments.class ) );
	}

	@Test
	void with_jpa_the_properties_reach_hibernate_and_the_beans_exist(@TempDir Path root) {
		jpa().withPropertyValues( "attachments.services.files.type=disk", "attachments.services.files.root=" + root,
						"attachments.max-size=10MB", "attachments.upload.grace-period=90s", "attachments.sweep.batch-size=50",
						"attachments.doctor=fail" )
				.run( context -> {
					assertThat( context ).hasNotFailed();
					assertThat( context ).hasSingleBean( Attachments.class ).hasSingleBean( AttachmentsJobs.class )
							.hasSingleBean( AttachmentsHibernatePropertiesCustomizer.class );
					final var properties = context.getBean( EntityManagerFactory.class ).getProperties();
					assertThat( properties ).containsEntry( "hibernate.attachments.max_size", "10485760" )
							.containsEntry( "hibernate.attachments.upload.grace_period", "90000ms" )
							.containsEntry( "hibernate.attachments.sweep.batch_size", "50" )
							.containsEntry( "hibernate.attachments.doctor", "fail" )
							.containsEntry( "hibernate.attachments.services.files.type", "disk" );

					final long id = persistMember( context );
					assertThat( id ).isPositive();
					try ( var files = Files.walk( root ) ) {
						assertThat( files.filter( Files::isRegularFile ).count() ).isEqualTo( 1 );
					}
				} );
	}

	@Test
	void opted_in_a_default_disk_service_stores_under_the_working_directory() throws Exception {
		final Path expected = Path.of( "" ).toAbsolutePath().resolve( "attachments" ).resolve( "disk" );
		org.springframework.util.FileSystemUtils.deleteRecursively( expected );
		jpa().withPropertyValues( "attachments.default-disk-root=true" )
				.run( context -> {
					assertThat( context ).hasNotFailed();
					persistMember( context );
					final String key = new JdbcTemplate( context.getBean( javax.sql.DataSource.class ) )
							.queryForObject( "select storage_key from attachment_blobs", String.class );
					try ( var files = Files.walk( expected ) ) {
						assertThat( files.filter( Files::isRegularFile ).map( f -> f.getFileName().toString() ) ).containsExactly( key );
					}
				} );
		org.springframework.util.FileSystemUtils.deleteRecursively( expected );
	}

	@Test
	void the_size_limit_follows_the_multipart_limit_unless_set() {
		jpa().withPropertyValues( "attachments.services.files.type=memory", "spring.servlet.multipart.max-file-size=2MB" )
				.run( context -> assertThat( context.getBean( EntityManagerFactory.class ).getProperties() )
						.containsEntry( "hibernate.attachments.max_size", "2097152" ) );
		jpa().withPropertyValues( "attachments.services.files.type=memory", "spring.servlet.multipart.max-file-size=2MB",
						"attachments.max-size=512KB" )
				.run( context -> assertThat( context.getBean( EntityManagerFactory.class ).getProperties() )
						.containsEntry( "hibernate.attachments.max_size", "524288" ) );
	}

	@Test
	void disabled_the_extension_is_off_in_hibernate_too() {
		jpa().withPropertyValues( "attachments.enabled=false" )
				.run( context -> {
					assertThat( context ).hasNotFailed();
					assertThat( context ).doesNotHaveBean( Attachments.class ).doesNotHaveBean( AttachmentsJobs.class );
					assertThatThrownBy( () -> Attachments.of( context.getBean( EntityManagerFactory.class ) ) )
							.isInstanceOf( AttachmentException.class ).hasMessageContaining( "not active" );
				} );
	}

	@Test
	void turned_off_in_the_jpa_properties_the_extension_stays_off() {
		jpa().withPropertyValues( "spring.jpa.properties.hibernate.attachments.enabled=false" )
				.run( context -> {
					assertThat( context ).hasNotFailed();
					assertThatThrownBy( () -> Attachments.of( context.getBean( EntityManagerFactory.class ) ) )
							.isInstanceOf( AttachmentException.class ).hasMessageContaining( "not active" );
				} );
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAttachments {
		@Bean
		Attachments myAttachments(EntityManagerFactory emf) {
			return Attachments.of( emf );
		}
	}

	@Test
	void an_attachments_bean_of_the_application_wins() {
		jpa().withUserConfiguration( OwnAttachments.class ).withPropertyValues( "attachments.services.files.type=memory" )
				.run( context -> assertThat( context ).hasSingleBean( Attachments.class ).hasBean( "myAttachments" ) );
	}

	@Configuration(proxyBeanMethods = false)
	static class StorageBeans {
		@Bean
		InMemoryStorageService archive() {
			return new InMemoryStorageService();
		}
	}

	@Test
	void a_storage_service_bean_is_a_named_service() {
		jpa().withUserConfiguration( StorageBeans.class )
				.run( context -> {
					assertThat( context ).hasNotFailed();
					persistMember( context );
					final JdbcTemplate jdbc = new JdbcTemplate( context.getBean( javax.sql.DataSource.class ) );
					final String key = jdbc.queryForObject( "select storage_key from attachment_blobs", String.class );
					assertThat( jdbc.queryForObject( "select service_name from attachment_blobs", String.class ) ).isEqualTo( "archive" );
					assertThat( context.getBean( "archive", StorageService.class ).stat( key ) ).isPresent();
				} );
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingScheduler {
		static final List<String> SCHEDULED = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		TaskScheduler taskScheduler() {
			final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler() {
				@Override
				public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, java.time.Duration delay) {
					SCHEDULED.add( "fixed delay " + delay );
					return super.scheduleWithFixedDelay( task, delay );
				}

				@Override
				public ScheduledFuture<?> schedule(Runnable task, org.springframework.scheduling.Trigger trigger) {
					SCHEDULED.add( "trigger " + trigger );
					return super.schedule( task, trigger );
				}
			};
			scheduler.initialize();
			return scheduler;
		}
	}

	@Test
	void the_jobs_run_on_the_applications_scheduler_with_the_configured_timing() {
		RecordingScheduler.SCHEDULED.clear();
		jpa().withUserConfiguration( RecordingScheduler.class )
				.withPropertyValues( "attachments.services.files.type=memory", "attachments.worker.interval=45s",
						"attachments.sweeper.enabled=true", "attachments.sweeper.cron=0 0 3 * * *" )
				.run( context -> {
					assertThat( context ).hasNotFailed();
					assertThat( RecordingScheduler.SCHEDULED ).containsExactly( "fixed delay PT45S", "trigger 0 0 3 * * *" );
				} );
	}

	@Test
	void the_worker_is_on_and_the_sweeper_off_by_default() {
		RecordingScheduler.SCHEDULED.clear();
		jpa().withUserConfiguration( RecordingScheduler.class ).withPropertyValues( "attachments.services.files.type=memory" )
				.run( context -> assertThat( RecordingScheduler.SCHEDULED ).containsExactly( "fixed delay PT30S" ) );
	}

	@Test
	void a_bad_cron_expression_fails_the_start_naming_the_property() {
		jpa().withPropertyValues( "attachments.services.files.type=memory", "attachments.worker.cron=every day" )
				.run( context -> assertThat( context ).getFailure()
						.hasStackTraceContaining( "Invalid property 'attachments.worker.cron' (every day)" ) );
	}
}
