package io.github.hibernateattachments.internal.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hibernateattachments.internal.AttachmentsRuntime;
import io.github.hibernateattachments.internal.StorageRegistry;
import io.github.hibernateattachments.internal.HibernateInternals;
import io.github.hibernateattachments.internal.doctor.MappedSchema;
import io.github.hibernateattachments.internal.doctor.MappedSchemas;
import io.github.hibernateattachments.internal.event.AttachmentsEventListener;
import io.github.hibernateattachments.internal.model.AttachedAttribute;
import io.github.hibernateattachments.internal.model.AttachmentModel;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.planner.DeletePlannerInstaller;
import io.github.hibernateattachments.internal.sweep.BlobReferences;

import org.hibernate.SessionFactory;
import org.hibernate.Version;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.jboss.logging.Logger;

/**
 * Installs hibernate-attachments into a SessionFactory; registered in {@code META-INF/services}, so adding the
 * jar is all it takes. Shapes the foreign keys, reads the settings, then installs the delete planner and
 * the event listener. Returns early when {@code hibernate.attachments.enabled} is false.
 */
public final class AttachmentsIntegrator implements Integrator {

	private static final Logger LOG = Logger.getLogger( AttachmentsIntegrator.class );

	/** By the factory's UUID: a proxy of the factory (Spring's, a container's) finds the same runtime. */
	private static final Map<String, AttachmentsRuntime> RUNTIMES = new ConcurrentHashMap<>();

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
		final boolean tables = metadata.getEntityBinding( BlobRecord.class.getName() ) != null;
		if ( tables ) {
			SchemaShaper.shape( metadata );
		}
		final var services = sessionFactory.getServiceRegistry();
		final Map<String, Object> settings = services.requireService( ConfigurationService.class ).getSettings();
		if ( !AttachmentsConfig.isEnabled( settings ) ) {
			return;
		}
		SettingFormats.unknownKeyWarnings( settings ).forEach( LOG::warn );
		final AttachmentModel model = AttachmentModel.from( metadata );
		final List<AttachedAttribute> attached = model.all().stream().flatMap( List::stream ).toList();
		final List<String> attributes = attached.stream().map( AttachedAttribute::path ).distinct().sorted().toList();
		final AttachmentsConfig config = AttachmentsConfig.read( settings );
		final boolean mapped = captureMapping( metadata, sessionFactory.getUuid() );
		if ( mapped && config.doctor() != AttachmentsConfig.DoctorMode.OFF && jdbcMetadataAllowed( settings ) ) {
			sessionFactory.addObserver( new DoctorAtBoot( config.doctor() ) ); // after Hibernate's own schema management
		}
		final EventListenerRegistry listeners = services.requireService( EventListenerRegistry.class );
		if ( config.deleteOrdering() ) {
			switch ( HibernateInternals.deleteOrdering( Version.getVersionString(), settings.get( HibernateInternals.FLUSH_QUEUE_TYPE ) ) ) {
				case PLANNER -> DeletePlannerInstaller.install( metadata, config.deleteOrderingDatabaseKeys(), listeners );
				case NATIVE -> LOG.infof( "Hibernate ORM %s orders deletes by foreign key itself: the delete planner steps aside",
						Version.getVersionString() );
				case UNSUPPORTED -> LOG.warnf( "The delete planner cannot run on Hibernate ORM %s with '%s=legacy', or its"
						+ " internals changed: deletes run in the order remove() was called", Version.getVersionString(),
						HibernateInternals.FLUSH_QUEUE_TYPE );
			}
		}
		if ( !tables ) {
			// the extension's entities are missing (a unit built without the mapping contributor)
			LOG.infof( "hibernate-attachments is active: no @Attached attribute, no storage; delete planner %s",
					plannerState( config, settings ) );
			return;
		}
		final var jdbc = sessionFactory.getJdbcServices();
		final StorageRegistry storages = StorageServicesReader.read( settings, services, attached );
		final AttachmentsRuntime runtime = new AttachmentsRuntime( config, storages, model,
				BlobReferences.from( metadata, jdbc.getDialect(), sessionFactory.getSqlStringGenerationContext() ), sessionFactory );
		new AttachmentsEventListener( runtime ).registerTo( listeners );
		if ( !attributes.isEmpty() && config.schemaCheck() ) {
			sessionFactory.addObserver( new SchemaCheck() ); // runs after Hibernate's own schema management
		}
		RUNTIMES.put( sessionFactory.getUuid(), runtime );
		LOG.infof( "hibernate-attachments is active: %s; storage services %s; delete planner %s", attributes.isEmpty()
				? "no @Attached attribute" : attributes.size() + " @Attached attribute(s) " + attributes,
				storages.describe(),
				plannerState( config, settings ) );
	}

	/**
	 * Keeps what the schema doctor needs of the relational model. A mapping it cannot read leaves the doctor out of
	 * this unit, with a warning: it must never cost the boot.
	 */
	private static boolean captureMapping(Metadata metadata, String factoryUuid) {
		try {
			MappedSchemas.put( factoryUuid, MappedSchema.from( metadata ) );
			return true;
		}
		catch (RuntimeException | LinkageError e) {
			LOG.warnf( "The schema doctor cannot read this mapping (%s): it does not examine this persistence unit", e.toString() );
			return false;
		}
	}

	/** A unit told not to touch the database at boot ({@code hibernate.boot.allow_jdbc_metadata_access=false}) is not examined. */
	private static boolean jdbcMetadataAllowed(Map<String, Object> settings) {
		final Object allowed = settings.getOrDefault( "hibernate.boot.allow_jdbc_metadata_access",
				settings.get( "hibernate.temp.use_jdbc_metadata_defaults" ) );
		return allowed == null || !allowed.toString().trim().equalsIgnoreCase( "false" );
	}

	private static String plannerState(AttachmentsConfig config, Map<String, Object> settings) {
		if ( !config.deleteOrdering() ) {
			return "off (" + io.github.hibernateattachments.AttachmentsSettings.DELETE_ORDERING + "=false)";
		}
		return switch ( HibernateInternals.deleteOrdering( Version.getVersionString(), settings.get( HibernateInternals.FLUSH_QUEUE_TYPE ) ) ) {
			case PLANNER -> config.deleteOrderingDatabaseKeys() ? "on (mapped and database foreign keys)" : "on (mapped foreign keys)";
			case NATIVE -> "not needed (Hibernate orders deletes itself)";
			case UNSUPPORTED -> "unavailable";
		};
	}

	@Override
	public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
		MappedSchemas.remove( sessionFactory.getUuid() );
		final AttachmentsRuntime runtime = RUNTIMES.remove( sessionFactory.getUuid() );
		if ( runtime != null ) {
			runtime.storages().close();
		}
	}

	/** @return the runtime of an active SessionFactory, or {@code null} if the extension is not active in it */
	public static AttachmentsRuntime runtimeOrNull(SessionFactoryImplementor sessionFactory) {
		return sessionFactory == null ? null : RUNTIMES.get( sessionFactory.getUuid() );
	}
}
