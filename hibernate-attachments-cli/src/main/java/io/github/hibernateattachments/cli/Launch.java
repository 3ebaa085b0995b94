package io.github.hibernateattachments.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Starts what a command needs: reads the configuration, checks that the database answers (exit status 3 if it
 * does not), then boots a persistence unit with the library's entities and, for the doctor, the application's.
 */
final class Launch implements AutoCloseable {

	private static final List<String> URL_KEYS = List.of( "jakarta.persistence.jdbc.url", "hibernate.connection.url", "javax.persistence.jdbc.url" );
	private static final List<String> USER_KEYS = List.of( "jakarta.persistence.jdbc.user", "hibernate.connection.username",
			"hibernate.connection.user", "javax.persistence.jdbc.user" );
	private static final List<String> PASSWORD_KEYS = List.of( "jakarta.persistence.jdbc.password", "hibernate.connection.password",
			"javax.persistence.jdbc.password" );

	private final CommonOptions common;
	private final Map<String, String> environment;
	private final Terminal terminal;
	private final Map<String, Object> settings = new LinkedHashMap<>();
	private final List<Class<?>> entities = new ArrayList<>();
	private ClassLoader classLoader;
	private URLClassLoader ownLoader;
	private String url;
	private String user;
	private String password;

	Launch(CommonOptions common, Map<String, String> environment, Terminal terminal) {
		this.common = common;
		this.environment = environment;
		this.terminal = terminal;
		if ( common.config != null ) {
			final Properties properties = new Properties();
			try ( Reader in = Files.newBufferedReader( common.config ) ) {
				properties.load( in );
			}
			catch (IOException | IllegalArgumentException e) {
				throw new CliException( ExitCode.USAGE, "cannot read --config " + common.config + ": " + e.getMessage(), e );
			}
			properties.forEach( (key, value) -> settings.put( key.toString(), value.toString().trim() ) );
		}
		url = common.url != null ? common.url : first( URL_KEYS );
		if ( url == null || url.isBlank() ) {
			throw new CliException( ExitCode.USAGE, "give the database: --url <jdbc-url> (or jakarta.persistence.jdbc.url in --config)" );
		}
		user = common.user != null ? common.user : first( USER_KEYS );
		password = password();
	}

	/** Whether the configuration names a storage (a single one or named services). */
	boolean configuresStorage() {
		return settings.keySet().stream().anyMatch( key -> key.equals( AttachmentsSettings.STORAGE )
				|| key.startsWith( AttachmentsSettings.SERVICES ) || key.equals( AttachmentsSettings.SERVICE ) );
	}

	Launch storage(StorageOptions storage, boolean required) {
		if ( storage.diskRoot != null ) {
			settings.put( AttachmentsSettings.STORAGE, "disk" );
			settings.put( AttachmentsSettings.STORAGE_DISK_ROOT, storage.diskRoot.toString() );
		}
		else if ( storage.storage != null ) {
			settings.put( AttachmentsSettings.STORAGE, storage.storage );
		}
		else if ( !configuresStorage() ) {
			if ( required ) {
				throw new CliException( ExitCode.USAGE, "give the storage: --disk-root <folder>, --storage <type>, or --config <file>"
						+ " with hibernate.attachments.services.<name>.* settings" );
			}
			settings.put( AttachmentsSettings.STORAGE, "memory" ); // the doctor reads no file
		}
		return this;
	}

	Launch setting(String key, Object value) {
		settings.put( key, value );
		return this;
	}

	/**
	 * Loads the {@code @Entity} classes of jars or class folders, with further jars or folders for what they
	 * need.
	 */
	Launch entities(List<Path> sources, List<Path> classPath) {
		if ( sources.isEmpty() ) {
			return this;
		}
		final List<URL> urls = new ArrayList<>();
		for ( Path path : Stream.concat( sources.stream(), classPath.stream() ).toList() ) {
			if ( !Files.exists( path ) ) {
				throw new CliException( ExitCode.USAGE, "no such jar or folder: " + path );
			}
			try {
				urls.add( path.toUri().toURL() );
			}
			catch (MalformedURLException e) {
				throw new CliException( ExitCode.USAGE, "not a jar or folder: " + path, e );
			}
		}
		ownLoader = new URLClassLoader( urls.toArray( URL[]::new ), Launch.class.getClassLoader() );
		classLoader = ownLoader;
		final List<String> unloadable = new ArrayList<>();
		for ( Path source : sources ) {
			for ( String name : classNames( source ) ) {
				try {
					final Class<?> type = Class.forName( name, false, classLoader );
					if ( type.isAnnotationPresent( jakarta.persistence.Entity.class ) ) {
						entities.add( type );
					}
				}
				catch (ClassNotFoundException | LinkageError e) {
					unloadable.add( name + " (" + e + ")" );
				}
			}
		}
		if ( !unloadable.isEmpty() ) {
			terminal.log( "warning: " + unloadable.size() + " classes could not be loaded, e.g. " + unloadable.get( 0 )
					+ "; add what they need with --classpath" );
		}
		if ( entities.isEmpty() ) {
			throw new CliException( ExitCode.USAGE, "no @Entity class in " + sources );
		}
		return this;
	}

	/** Closes the class loader of the entity classes, releasing their jars. */
	@Override
	public void close() {
		if ( ownLoader != null ) {
			try {
				ownLoader.close();
			}
			catch (IOException e) {
				// nothing held that matters any more
			}
		}
	}

	int entityCount() {
		return entities.size();
	}

	private static List<String> classNames(Path source) {
		final List<String> names = new ArrayList<>();
		try {
			if ( Files.isDirectory( source ) ) {
				try ( Stream<Path> files = Files.walk( source ) ) {
					files.filter( f -> f.toString().endsWith( ".class" ) ).forEach( f -> names.add( className( source.relativize( f ).toString()
							.replace( java.io.File.separatorChar, '/' ) ) ) );
				}
			}
			else {
				try ( JarFile jar = new JarFile( source.toFile() ) ) {
					jar.stream().map( JarEntry::getName ).filter( n -> n.endsWith( ".class" ) && !n.startsWith( "META-INF/" ) )
							.forEach( n -> names.add( className( n ) ) );
				}
			}
		}
		catch (IOException e) {
			throw new CliException( ExitCode.USAGE, "cannot read " + source + ": " + e.getMessage(), e );
		}
		names.removeIf( n -> n.endsWith( "module-info" ) || n.endsWith( "package-info" ) );
		return names;
	}

	private static String className(String path) {
		return path.substring( 0, path.length() - ".class".length() ).replace( '/', '.' );
	}

	/**
	 * Checks that the database answers, then boots the persistence unit.
	 *
	 * @throws CliException with {@link ExitCode#CANNOT_CONNECT} if the database cannot be reached, {@link ExitCode#USAGE}
	 * if the URL or the settings are wrong
	 */
	EntityManagerFactory boot() {
		connect();
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "hibernate-attachments-cli" )
				.jdbcUrl( url )
				.jdbcCredentials( user == null ? "" : user, password == null ? "" : password )
				.property( "hibernate.connection.pool_size", 2 )
				.property( AttachmentsSettings.DELETE_ORDERING, false )
				.property( AttachmentsSettings.DOCTOR, "off" ); // the doctor command runs it itself, with its options
		settings.forEach( (key, value) -> {
			if ( !URL_KEYS.contains( key ) && !USER_KEYS.contains( key ) && !PASSWORD_KEYS.contains( key ) ) {
				configuration.property( key, value );
			}
		} );
		// whatever the application's settings say: the command never changes the schema, and runs the doctor itself
		configuration.property( "jakarta.persistence.schema-generation.database.action", "none" )
				.property( "hibernate.hbm2ddl.auto", "none" )
				.property( "javax.persistence.schema-generation.database.action", "none" )
				.property( AttachmentsSettings.DOCTOR, "off" );
		entities.forEach( configuration::managedClass );
		final ClassLoader previous = Thread.currentThread().getContextClassLoader();
		if ( classLoader != null ) {
			configuration.property( "hibernate.classLoaders", List.of( classLoader ) );
			Thread.currentThread().setContextClassLoader( classLoader );
		}
		try {
			return configuration.createEntityManagerFactory();
		}
		catch (RuntimeException e) {
			final String reason = AttachmentException.in( e ).map( Throwable::getMessage ).orElseGet( () -> deepestMessage( e ) );
			throw new CliException( ExitCode.USAGE, "cannot start with these settings: " + reason, e );
		}
		finally {
			Thread.currentThread().setContextClassLoader( previous );
		}
	}

	private void connect() {
		try {
			DriverManager.getDriver( url );
		}
		catch (SQLException e) {
			throw new CliException( ExitCode.USAGE, "no JDBC driver here accepts '" + redacted( url ) + "' (the jar has PostgreSQL's,"
					+ " H2's and MariaDB's: jdbc:postgresql://host:5432/db, jdbc:h2:/path/db, jdbc:mariadb://host:3306/db)", e );
		}
		DriverManager.setLoginTimeout( 15 );
		try ( Connection connection = DriverManager.getConnection( url, user, password ) ) {
			connection.getMetaData();
		}
		catch (SQLException e) {
			throw new CliException( ExitCode.CANNOT_CONNECT, "cannot connect to " + redacted( url ) + ( user == null ? "" : " as " + user )
					+ ": " + e.getMessage(), e );
		}
	}

	/** The URL without a password it may carry ({@code password=...}, {@code user:password@}). */
	static String redacted(String url) {
		return url.replaceAll( "(?i)(password=)[^&;]*", "$1***" ).replaceAll( "//([^/@:]+):[^/@]*@", "//$1:***@" );
	}

	private String password() {
		if ( common.askPassword ) {
			final java.io.Console console = System.console();
			if ( console == null ) {
				throw new CliException( ExitCode.USAGE, "--password asks on the terminal, and there is none: put the password in"
						+ " the environment variable " + common.passwordEnv + " instead" );
			}
			final char[] typed = console.readPassword( "Password for %s: ", user == null ? url : user );
			return typed == null ? "" : new String( typed );
		}
		final String fromEnvironment = environment.get( common.passwordEnv );
		if ( fromEnvironment != null ) {
			return fromEnvironment;
		}
		return first( PASSWORD_KEYS );
	}

	private String first(List<String> keys) {
		for ( String key : keys ) {
			final Object value = settings.get( key );
			if ( value != null ) {
				return value.toString();
			}
		}
		return null;
	}

	private static String deepestMessage(Throwable failure) {
		Throwable deepest = failure;
		while ( deepest.getCause() != null && deepest.getCause() != deepest ) {
			deepest = deepest.getCause();
		}
		return deepest.getMessage() == null ? deepest.toString() : deepest.getMessage();
	}
}
