package io.github.hibernateattachments.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.spi.StorageService;

import org.springframework.util.unit.DataSize;

/**
 * The {@code hibernate.attachments.*} settings that {@link AttachmentsProperties} stand for, with the Spring
 * property each comes from, so that an error about a setting names what the user wrote.
 */
final class HibernateSettings {

	private static final Pattern SETTING = Pattern.compile( Pattern.quote( AttachmentsSettings.PREFIX ) + "[A-Za-z0-9_.\\-]*[A-Za-z0-9_]" );

	private final Map<String, Object> settings = new LinkedHashMap<>();
	private final Map<String, String> springNames = new LinkedHashMap<>();

	/**
	 * @param beans the StorageService beans of the context, by bean name
	 * @param multipartMaxFileSize {@code spring.servlet.multipart.max-file-size}, or {@code null}
	 * @param workingDirectory where {@link AttachmentsProperties#isDefaultDiskRoot() default disk roots} go
	 */
	static HibernateSettings of(AttachmentsProperties properties, Map<String, StorageService> beans,
			DataSize multipartMaxFileSize, Path workingDirectory) {
		final HibernateSettings result = new HibernateSettings();
		result.add( properties, beans, multipartMaxFileSize, workingDirectory );
		return result;
	}

	private void add(AttachmentsProperties p, Map<String, StorageService> beans, DataSize multipartMaxFileSize, Path workingDirectory) {
		final String a = "attachments.";
		// the single storage of the plain settings, which is what an application without services gets
		springNames.put( AttachmentsSettings.STORAGE, "attachments.services.<name>.type" );
		springNames.put( AttachmentsSettings.STORAGE_DISK_ROOT, "attachments.services.<name>.root" );
		// only when turned off: spring.jpa.properties.hibernate.attachments.enabled=false must not be overridden
		put( AttachmentsSettings.ENABLED, a + "enabled", p.isEnabled() ? null : Boolean.FALSE );
		put( AttachmentsSettings.SERVICE, a + "service", p.getService() );
		if ( p.getMaxSize() != null ) {
			put( AttachmentsSettings.MAX_SIZE, a + "max-size", p.getMaxSize().toBytes() );
		}
		else if ( multipartMaxFileSize != null && multipartMaxFileSize.toBytes() > 0 ) {
			put( AttachmentsSettings.MAX_SIZE, "spring.servlet.multipart.max-file-size", multipartMaxFileSize.toBytes() );
		}
		put( AttachmentsSettings.UPLOAD_GRACE_PERIOD, a + "upload.grace-period", duration( p.getUpload().getGracePeriod() ) );
		put( AttachmentsSettings.UPLOAD_INTENT, a + "upload.intent", p.getUpload().getIntent() );
		put( AttachmentsSettings.UPLOAD_INTENT_TIMEOUT, a + "upload.intent-timeout", duration( p.getUpload().getIntentTimeout() ) );
		put( AttachmentsSettings.PURGE_RETRY_DELAY, a + "purge.retry-delay", duration( p.getPurge().getRetryDelay() ) );
		put( AttachmentsSettings.PURGE_MAX_RETRY_DELAY, a + "purge.max-retry-delay", duration( p.getPurge().getMaxRetryDelay() ) );
		put( AttachmentsSettings.OUTBOX_BATCH_SIZE, a + "outbox.batch-size", p.getOutbox().getBatchSize() );
		put( AttachmentsSettings.SWEEP_GRACE_PERIOD, a + "sweep.grace-period", duration( p.getSweep().getGracePeriod() ) );
		put( AttachmentsSettings.SWEEP_BATCH_SIZE, a + "sweep.batch-size", p.getSweep().getBatchSize() );
		put( AttachmentsSettings.SWEEP_DRY_RUN, a + "sweep.dry-run", p.getSweep().getDryRun() );
		put( AttachmentsSettings.DELETE_ORDERING, a + "delete-ordering.enabled", p.getDeleteOrdering().getEnabled() );
		put( AttachmentsSettings.DELETE_ORDERING_DATABASE_KEYS, a + "delete-ordering.database-foreign-keys",
				p.getDeleteOrdering().getDatabaseForeignKeys() );
		put( AttachmentsSettings.SCHEMA_CHECK, a + "schema-check", p.getSchemaCheck() );
		put( AttachmentsSettings.DOCTOR, a + "doctor", p.getDoctor() == null ? null : p.getDoctor().name().toLowerCase( java.util.Locale.ROOT ) );

		p.getServices().forEach( (name, service) -> addService( name, service, p.isDefaultDiskRoot(), workingDirectory ) );
		final Set<String> referencedBeans = p.getServices().values().stream()
				.map( AttachmentsProperties.Service::getBean ).filter( b -> b != null ).collect( Collectors.toSet() );
		beans.forEach( (beanName, bean) -> {
			if ( !referencedBeans.contains( beanName ) && !p.getServices().containsKey( beanName ) ) {
				put( AttachmentsSettings.SERVICES + beanName, "StorageService bean '" + beanName + "'", bean );
			}
		} );
		if ( p.getServices().isEmpty() && beans.isEmpty() && p.isDefaultDiskRoot() ) {
			put( AttachmentsSettings.SERVICES + "disk.type", a + "default-disk-root", "disk" );
			put( AttachmentsSettings.SERVICES + "disk.root", a + "default-disk-root", defaultRoot( workingDirectory, "disk" ) );
		}
	}

	private void addService(String name, AttachmentsProperties.Service s, boolean defaultDiskRoot, Path workingDirectory) {
		final String h = AttachmentsSettings.SERVICES + name + ".";
		final String spring = "attachments.services." + name + ".";
		put( h + "type", spring + "type", s.getType() );
		put( h + "bean", spring + "bean", s.getBean() );
		if ( s.getRoot() != null ) {
			put( h + "root", spring + "root", s.getRoot().toAbsolutePath().toString() );
		}
		else if ( defaultDiskRoot && "disk".equals( s.getType() ) ) {
			put( h + "root", "attachments.default-disk-root", defaultRoot( workingDirectory, name ) );
		}
		else {
			springNames.put( h + "root", spring + "root" );
		}
		put( h + "bucket", spring + "bucket", s.getBucket() );
		put( h + "prefix", spring + "prefix", s.getPrefix() );
		put( h + "project_id", spring + "project-id", s.getProjectId() );
		put( h + "credentials", spring + "credentials", s.getCredentials() );
		put( h + "host", spring + "host", s.getHost() );
		put( h + "chunk_size", spring + "chunk-size", s.getChunkSize() == null ? null : s.getChunkSize().toBytes() );
		put( h + "check_bucket", spring + "check-bucket", s.getCheckBucket() );
		put( h + "client_bean", spring + "client-bean", s.getClientBean() );
		put( h + "primary", spring + "primary", s.getPrimary() );
		put( h + "mirrors", spring + "mirrors", s.getMirrors().isEmpty() ? null : String.join( ",", s.getMirrors() ) );
		s.getProperties().forEach( (key, value) -> put( h + key, spring + "properties." + key, value ) );
	}

	private static String defaultRoot(Path workingDirectory, String service) {
		return workingDirectory.resolve( "attachments" ).resolve( service ).toAbsolutePath().normalize().toString();
	}

	private static String duration(Duration duration) {
		return duration == null ? null : duration.toMillis() + "ms";
	}

	private void put(String setting, String springName, Object value) {
		springNames.put( setting, springName );
		if ( value != null ) {
			settings.put( setting, value instanceof Number || value instanceof Boolean ? value.toString() : value );
		}
	}

	/** Adds the observer of the context, if there is one and no observer is set otherwise. */
	HibernateSettings withObserver(io.github.hibernateattachments.spi.AttachmentsObserver observer) {
		if ( observer != null ) {
			settings.putIfAbsent( AttachmentsSettings.OBSERVER, observer );
		}
		return this;
	}

	/** The settings to hand to Hibernate. */
	Map<String, Object> settings() {
		return Collections.unmodifiableMap( settings );
	}

	/**
	 * The Spring property a Hibernate setting comes from; for a setting not made from a property (one the user
	 * wrote under {@code spring.jpa.properties}), the Spring form of its name.
	 */
	String springName(String setting) {
		final String known = springNames.get( setting );
		if ( known != null ) {
			return known;
		}
		if ( setting.startsWith( AttachmentsSettings.SERVICES ) && setting.chars().filter( c -> c == '.' ).count() == 3 ) {
			return "attachments.services." + setting.substring( AttachmentsSettings.SERVICES.length() );
		}
		return "attachments." + setting.substring( AttachmentsSettings.PREFIX.length() ).replace( '_', '-' );
	}

	/** {@code text} with every Hibernate setting it names replaced by the Spring property the user wrote. */
	String translate(String text) {
		final Matcher matcher = SETTING.matcher( text );
		final StringBuilder result = new StringBuilder();
		while ( matcher.find() ) {
			matcher.appendReplacement( result, Matcher.quoteReplacement( springName( matcher.group() ) ) );
		}
		matcher.appendTail( result );
		return result.toString();
	}
}
