package io.github.hibernateattachments.internal.bootstrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.internal.StorageRegistry;
import io.github.hibernateattachments.internal.model.AttachedAttribute;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;
import io.github.hibernateattachments.spi.StorageServiceFactory;

import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.resource.beans.container.spi.BeanContainer;
import org.hibernate.resource.beans.spi.BeanInstanceProducer;
import org.hibernate.resource.beans.spi.ManagedBeanRegistry;
import org.hibernate.service.ServiceRegistry;
import org.jboss.logging.Logger;

/**
 * Reads the storage services of a persistence unit from its settings:
 * <pre>
 * hibernate.attachments.services.&lt;name&gt;.type=disk|memory|mirror|gcs|&lt;class&gt;
 * hibernate.attachments.services.&lt;name&gt;.&lt;key&gt;=...          (the type's own settings)
 * hibernate.attachments.services.&lt;name&gt;.bean=&lt;bean name&gt;     (a StorageService bean of the container)
 * hibernate.attachments.services.&lt;name&gt;=&lt;StorageService instance&gt;
 * hibernate.attachments.service=&lt;name&gt;                        (the default; optional with one service)
 * </pre>
 * The single-storage settings {@code hibernate.attachments.storage} and {@code storage.disk.root} still configure
 * one service, named after the backend ({@code disk}, {@code memory}), as before; they cannot be combined with
 * {@code services.*}.
 */
public final class StorageServicesReader {

	private static final Logger LOG = Logger.getLogger( StorageServicesReader.class );
	private static final Pattern NAME = Pattern.compile( "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}" );

	private final Map<String, Object> settings;
	private final ServiceRegistry serviceRegistry;
	private final Map<String, StorageService> created = new LinkedHashMap<>();
	private final Set<String> creating = new LinkedHashSet<>();
	private final List<AutoCloseable> owned = new ArrayList<>();
	private Map<String, StorageServiceFactory> factories;

	private StorageServicesReader(Map<String, Object> settings, ServiceRegistry serviceRegistry) {
		this.settings = settings;
		this.serviceRegistry = serviceRegistry;
	}

	/**
	 * @param attributes the unit's attached attributes: with none, no service needs to be configured; each one's
	 * service must exist
	 */
	public static StorageRegistry read(Map<String, Object> settings, ServiceRegistry serviceRegistry,
			List<AttachedAttribute> attributes) {
		final StorageServicesReader reader = new StorageServicesReader( settings, serviceRegistry );
		try {
			return reader.read( attributes );
		}
		catch (RuntimeException e) {
			reader.owned.forEach( StorageServicesReader::closeQuietly );
			throw e;
		}
	}

	private StorageRegistry read(List<AttachedAttribute> attributes) {
		final Set<String> names = serviceNames();
		final boolean legacy = settings.get( AttachmentsSettings.STORAGE ) != null
				|| settings.get( AttachmentsSettings.STORAGE_DISK_ROOT ) != null;
		if ( legacy && !names.isEmpty() ) {
			throw new AttachmentException( "Both '" + AttachmentsSettings.STORAGE + "' (or '" + AttachmentsSettings.STORAGE_DISK_ROOT
					+ "') and '" + AttachmentsSettings.SERVICES + "*' are set: configure every storage as a named service,"
					+ " e.g. replace '" + AttachmentsSettings.STORAGE_DISK_ROOT + "=<folder>' with '" + AttachmentsSettings.SERVICES
					+ "disk.type=disk' and '" + AttachmentsSettings.SERVICES + "disk.root=<folder>' (the name 'disk' keeps"
					+ " blobs stored with the old settings readable)" );
		}
		if ( names.isEmpty() ) {
			if ( legacy ) {
				final StorageService service = LegacyStorageSetting.create( settings,
						serviceRegistry.requireService( ClassLoaderService.class ) );
				return new StorageRegistry( Map.of( service.name(), service ), service.name(), List.of() );
			}
			if ( !attributes.isEmpty() ) {
				throw new AttachmentException( "No storage is configured for the attachments of " + paths( attributes )
						+ ": set '" + AttachmentsSettings.SERVICES + "<name>.type' (disk, memory, ...) and that type's"
						+ " settings, e.g. '" + AttachmentsSettings.SERVICES + "local.type=disk' and '"
						+ AttachmentsSettings.SERVICES + "local.root=<folder>'" );
			}
			return StorageRegistry.empty();
		}
		for ( String name : names ) {
			service( name );
		}
		final String defaultName = defaultName( names, attributes );
		for ( AttachedAttribute attribute : attributes ) {
			if ( attribute.serviceOrNull() != null && !created.containsKey( attribute.serviceOrNull() ) ) {
				throw new AttachmentException( "Unknown storage service '" + attribute.serviceOrNull() + "' in @Attached(service)"
						+ " on " + attribute.path() + ": configured services are " + created.keySet() );
			}
		}
		return new StorageRegistry( created, defaultName, owned );
	}

	private String defaultName(Set<String> names, List<AttachedAttribute> attributes) {
		final Object configured = settings.get( AttachmentsSettings.SERVICE );
		if ( configured != null && !configured.toString().isBlank() ) {
			final String name = configured.toString().trim();
			if ( !names.contains( name ) ) {
				throw new AttachmentException( "Invalid setting '" + AttachmentsSettings.SERVICE + "': no storage service"
						+ " '" + name + "' is configured; configured services are " + names );
			}
			return name;
		}
		if ( names.size() == 1 ) {
			return names.iterator().next();
		}
		final List<AttachedAttribute> usingDefault = attributes.stream().filter( a -> a.serviceOrNull() == null ).toList();
		if ( !usingDefault.isEmpty() ) {
			throw new AttachmentException( "Several storage services are configured " + names + " and " + paths( usingDefault )
					+ " name none in @Attached(service): set '" + AttachmentsSettings.SERVICE + "' to the default one" );
		}
		return null;
	}

	/** The names under {@code hibernate.attachments.services.}, in a stable order. */
	private Set<String> serviceNames() {
		final Set<String> names = new java.util.TreeSet<>();
		for ( String key : settings.keySet() ) {
			if ( key.startsWith( AttachmentsSettings.SERVICES ) ) {
				final String rest = key.substring( AttachmentsSettings.SERVICES.length() );
				final int dot = rest.indexOf( '.' );
				final String name = dot < 0 ? rest : rest.substring( 0, dot );
				if ( !NAME.matcher( name ).matches() ) {
					throw new AttachmentException( "Invalid storage service name '" + name + "' in setting '" + key
							+ "': a name is 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit" );
				}
				names.add( name );
			}
		}
		return names;
	}

	private StorageService service(String name) {
		final StorageService existing = created.get( name );
		if ( existing != null ) {
			return existing;
		}
		if ( !creating.add( name ) ) {
			throw new AttachmentException( "Storage services refer to each other in a cycle: " + String.join( " -> ", creating )
					+ " -> " + name );
		}
		final Context context = new Context( name );
		final StorageService service;
		try {
			service = create( name, context );
		}
		catch (StorageException e) {
			throw new AttachmentException( "Unable to create storage service '" + name + "': " + e.getMessage(), e );
		}
		creating.remove( name );
		created.put( name, service );
		context.warnUnread();
		return service;
	}

	private StorageService create(String name, Context context) {
		final String prefix = AttachmentsSettings.SERVICES + name;
		final Object instance = settings.get( prefix );
		if ( instance != null ) {
			if ( instance instanceof StorageService service ) {
				return service;
			}
			throw new AttachmentException( "Invalid setting '" + prefix + "': expected a StorageService instance, or"
					+ " settings '" + prefix + ".type' and that type's own" );
		}
		final Optional<String> bean = context.text( "bean" );
		final Object type = context.setting( "type" ).orElse( null );
		if ( bean.isPresent() ) {
			if ( type != null ) {
				throw new AttachmentException( "Settings '" + prefix + ".bean' and '" + prefix + ".type' are both set:"
						+ " a service is either a bean of the application's container or created from its type" );
			}
			return bean( StorageService.class, bean.get(), context.settingName( "bean" ) );
		}
		if ( type instanceof StorageService service ) {
			return service;
		}
		if ( type instanceof StorageServiceFactory factory ) {
			return owned( factory.create( context ) );
		}
		if ( type == null || type.toString().isBlank() ) {
			throw new AttachmentException( "Missing setting '" + prefix + ".type': expected one of " + factories().keySet()
					+ ", or the name of a class implementing StorageService or StorageServiceFactory" );
		}
		final String typeName = type instanceof Class<?> c ? c.getName() : type.toString().trim();
		final StorageServiceFactory factory = factories().get( typeName );
		if ( factory != null ) {
			return owned( factory.create( context ) );
		}
		final Class<?> typeClass;
		try {
			typeClass = type instanceof Class<?> c ? c : serviceRegistry.requireService( ClassLoaderService.class ).classForName( typeName );
		}
		catch (RuntimeException e) {
			throw new AttachmentException( "Unknown storage service type '" + typeName + "' in setting '" + prefix
					+ ".type': expected one of " + factories().keySet() + " (types found on the class path), or the name"
					+ " of a class implementing StorageService or StorageServiceFactory", e );
		}
		if ( StorageServiceFactory.class.isAssignableFrom( typeClass ) ) {
			return owned( instantiate( typeClass.asSubclass( StorageServiceFactory.class ), prefix + ".type" ).create( context ) );
		}
		if ( StorageService.class.isAssignableFrom( typeClass ) ) {
			return bean( typeClass.asSubclass( StorageService.class ), null, prefix + ".type" );
		}
		throw new AttachmentException( "Invalid setting '" + prefix + ".type': class '" + typeName + "' implements neither "
				+ StorageService.class.getName() + " nor " + StorageServiceFactory.class.getName() );
	}

	private StorageService owned(StorageService service) {
		if ( service == null ) {
			throw new AttachmentException( "A storage service factory returned null" );
		}
		if ( service instanceof AutoCloseable closeable ) {
			owned.add( closeable );
		}
		return service;
	}

	/**
	 * The container's own bean (the CDI contextual instance, the Spring singleton), not a new instance created
	 * for Hibernate as JPA asks for its attribute converters and listeners: a storage service is shared state of
	 * the application. Without a bean container, a class is instantiated with its no-argument constructor.
	 */
	private <T> T bean(Class<T> type, String beanNameOrNull, String setting) {
		final ManagedBeanRegistry beans = serviceRegistry.requireService( ManagedBeanRegistry.class );
		final BeanContainer container = beans.getBeanContainer();
		try {
			final T instance;
			if ( container == null ) {
				instance = beanNameOrNull == null
						? beans.getBean( type ).getBeanInstance()
						: beans.getBean( beanNameOrNull, type ).getBeanInstance();
			}
			else {
				instance = beanNameOrNull == null
						? container.getBean( type, CONTAINER_MANAGED, NoArgumentConstructor.INSTANCE ).getBeanInstance()
						: container.getBean( beanNameOrNull, type, CONTAINER_MANAGED, NoArgumentConstructor.INSTANCE ).getBeanInstance();
			}
			if ( instance == null ) {
				throw new IllegalStateException( "the bean container returned null" );
			}
			return instance;
		}
		catch (RuntimeException e) {
			throw new AttachmentException( "Unable to resolve " + ( beanNameOrNull == null ? "a bean of type " + type.getName()
					: "the bean named '" + beanNameOrNull + "' (" + type.getSimpleName() + ")" ) + " for setting '" + setting
					+ "': " + ( beans.getBeanContainer() == null ? "no bean container is configured ('hibernate.resource.beans.container'),"
							+ " so only classes with a public no-argument constructor can be created; " : "" ) + e.getMessage(), e );
		}
	}

	private static final BeanContainer.LifecycleOptions CONTAINER_MANAGED = new BeanContainer.LifecycleOptions() {
		@Override
		public boolean canUseCachedReferences() {
			return true;
		}

		@Override
		public boolean useJpaCompliantCreation() {
			return false;
		}
	};

	/** What the container falls back to for a class it does not manage; a name it does not know is an error. */
	private enum NoArgumentConstructor implements BeanInstanceProducer {
		INSTANCE;

		@Override
		public <B> B produceBeanInstance(Class<B> beanType) {
			try {
				return beanType.getConstructor().newInstance();
			}
			catch (ReflectiveOperationException e) {
				throw new IllegalStateException( "the container has no bean of type " + beanType.getName()
						+ ", which has no public no-argument constructor either", e );
			}
		}

		@Override
		public <B> B produceBeanInstance(String name, Class<B> beanType) {
			throw new IllegalStateException( "the container has no bean named '" + name + "'" );
		}
	}

	private static <T> T instantiate(Class<T> type, String setting) {
		try {
			return type.getConstructor().newInstance();
		}
		catch (ReflectiveOperationException e) {
			throw new AttachmentException( "Invalid setting '" + setting + "': unable to instantiate '" + type.getName()
					+ "' with its public no-argument constructor", e );
		}
	}

	private Map<String, StorageServiceFactory> factories() {
		if ( factories == null ) {
			final Map<String, StorageServiceFactory> found = new TreeMap<>();
			for ( StorageServiceFactory factory : serviceRegistry.requireService( ClassLoaderService.class )
					.loadJavaServices( StorageServiceFactory.class ) ) {
				final StorageServiceFactory previous = found.putIfAbsent( factory.type(), factory );
				if ( previous != null && previous.getClass() != factory.getClass() ) {
					throw new AttachmentException( "Two storage service factories declare type '" + factory.type() + "': "
							+ previous.getClass().getName() + " and " + factory.getClass().getName() );
				}
			}
			factories = found;
		}
		return factories;
	}

	private static String paths(List<AttachedAttribute> attributes) {
		return String.join( ", ", attributes.stream().map( AttachedAttribute::path ).sorted().toList() );
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception e) {
			LOG.debugf( e, "Unable to close %s", closeable );
		}
	}

	/** One service's settings; remembers which keys the factory read, to warn about the others. */
	private final class Context implements StorageServiceContext {
		private final String name;
		private final String prefix;
		private final Set<String> read = new HashSet<>( Set.of( "type", "bean" ) );

		Context(String name) {
			this.name = name;
			this.prefix = AttachmentsSettings.SERVICES + name + ".";
		}

		@Override
		public String serviceName() {
			return name;
		}

		@Override
		public Optional<Object> setting(String key) {
			read.add( key );
			return Optional.ofNullable( settings.get( prefix + key ) );
		}

		@Override
		public String settingName(String key) {
			return prefix + key;
		}

		@Override
		public java.util.OptionalLong size(String key) {
			final Optional<Object> value = setting( key );
			if ( value.isEmpty() ) {
				return java.util.OptionalLong.empty();
			}
			final Long size = value.get() instanceof Number n ? Long.valueOf( n.longValue() )
					: SettingFormats.sizeOrNull( value.get().toString() );
			if ( size == null || size < 0 ) {
				throw new StorageException( "Invalid value '" + value.get() + "' for setting '" + settingName( key )
						+ "': expected a size such as '16MB', '512KB' or a number of bytes" );
			}
			return java.util.OptionalLong.of( size );
		}

		@Override
		public boolean bool(String key, boolean defaultValue) {
			final Optional<Object> value = setting( key );
			if ( value.isEmpty() ) {
				return defaultValue;
			}
			final String text = value.get().toString().trim();
			if ( text.equalsIgnoreCase( "true" ) || text.equalsIgnoreCase( "false" ) ) {
				return Boolean.parseBoolean( text );
			}
			throw new StorageException( "Invalid value '" + value.get() + "' for setting '" + settingName( key )
					+ "': expected true or false" );
		}

		@Override
		public <T> T bean(Class<T> type, String beanNameOrNull) {
			return StorageServicesReader.this.bean( type, beanNameOrNull, prefix + "*" );
		}

		@Override
		public StorageService service(String other) {
			if ( !serviceNames().contains( other ) ) {
				throw new StorageException( "No storage service '" + other + "' is configured (settings '"
						+ AttachmentsSettings.SERVICES + other + ".*'), which service '" + name + "' refers to" );
			}
			return StorageServicesReader.this.service( other );
		}

		void warnUnread() {
			final Map<String, String> unread = new HashMap<>();
			for ( String key : settings.keySet() ) {
				if ( key.startsWith( prefix ) && !read.contains( key.substring( prefix.length() ) ) ) {
					unread.put( key, SettingFormats.closest( key.substring( prefix.length() ), read ) );
				}
			}
			unread.forEach( (key, closest) -> LOG.warnf( "Unknown setting '%s' is ignored: storage service '%s' does not"
					+ " read it%s", key, name, closest == null ? "" : " (did you mean '" + prefix + closest + "'?)" ) );
		}
	}
}
