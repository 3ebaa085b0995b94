package io.github.hibernateattachments.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.testing.TestStorage;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * One test's world: a fresh database, a SessionFactory bootstrapped the way a plain JPA application does
 * (the extension is found through META-INF/services), a recording disk storage, and one event log of SQL
 * and storage calls.
 */
public final class Fixture implements AutoCloseable {

	private final Database.Connection.Target target;
	private final Path storageRoot;
	private final EventLog log = new EventLog();
	private final SqlLog sql = new SqlLog( log );
	private final TestStorage storage;
	private final EntityManagerFactory emf;
	private final List<EntityManagerFactory> otherProcesses = new ArrayList<>();
	private final List<Class<?>> entities;
	private final Map<String, Object> settings;
	private final Path otherRoots;

	private Fixture(Database.Connection.Target target, List<Class<?>> entities, Map<String, Object> settings) {
		this.target = target;
		this.entities = entities;
		try {
			this.storageRoot = Files.createTempDirectory( "attachments-test-" );
			this.otherRoots = Files.createTempDirectory( "attachments-test-services-" );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
		this.storage = TestStorage.inFolder( "disk", storageRoot );
		storage.onCall( call -> log.add( "storage: " + call ) );
		this.settings = withStorage( settings );
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "test" )
				.jdbcUrl( target.url() )
				.jdbcCredentials( target.user(), target.password() )
				.property( "jakarta.persistence.schema-generation.database.action", "drop-and-create" )
				.property( "hibernate.session_factory.statement_inspector", sql )
				.property( "hibernate.connection.pool_size", 8 );
		for ( Class<?> entity : entities ) {
			configuration.managedClass( entity );
		}
		this.settings.forEach( configuration::property );
		try {
			this.emf = configuration.createEntityManagerFactory();
		}
		catch (RuntimeException e) {
			// a test of a boot that fails: the storage must not stay registered for the tests that follow
			storage.close();
			throw e;
		}
		log.clear();
	}

	/**
	 * The recording disk storage: as the single storage ({@code hibernate.attachments.storage}), or, where the test
	 * configures named services, as the service named {@code disk} (the name it records either way). In setting
	 * values, {@code {tmp}} stands for a folder of this fixture's, for the other services' roots, and {@code {gcs}}
	 * for the endpoint of the shared {@link GcsFake}, {@code {id}} for a name unique to this fixture.
	 */
	private Map<String, Object> withStorage(Map<String, Object> testSettings) {
		final Map<String, Object> result = new java.util.LinkedHashMap<>();
		final boolean named = testSettings.keySet().stream().anyMatch( key -> key.startsWith( AttachmentsSettings.SERVICES ) );
		if ( !named ) {
			result.put( AttachmentsSettings.STORAGE, storage );
		}
		else if ( testSettings.keySet().stream().noneMatch( key -> key.startsWith( AttachmentsSettings.SERVICES + "disk." )
				|| key.equals( AttachmentsSettings.SERVICES + "disk" ) ) ) {
			result.put( AttachmentsSettings.SERVICES + "disk", storage );
		}
		testSettings.forEach( (key, value) -> result.put( key, value instanceof String text ? placeholders( text ) : value ) );
		return result;
	}

	private String placeholders(String text) {
		String result = text.replace( "{tmp}", otherRoots.toString() ).replace( "{id}", otherRoots.getFileName().toString() );
		if ( result.contains( "{gcs}" ) ) {
			result = result.replace( "{gcs}", GcsFake.server().endpoint() );
		}
		return result;
	}

	/** The folder that {@code {tmp}} stands for in setting values. */
	public Path otherRoots() {
		return otherRoots;
	}

	static Fixture start(Database database, List<Class<?>> entities, Map<String, Object> settings) {
		return new Fixture( database.create(), entities, settings );
	}

	/**
	 * Another "application instance" on the same database and storage: its own SessionFactory, no schema
	 * changes. Closed with this fixture.
	 */
	public EntityManagerFactory newInstance() {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "other" )
				.jdbcUrl( target.url() )
				.jdbcCredentials( target.user(), target.password() )
				.property( "hibernate.connection.pool_size", 8 );
		entities.forEach( configuration::managedClass );
		settings.forEach( configuration::property );
		final EntityManagerFactory other = configuration.createEntityManagerFactory();
		otherProcesses.add( other );
		return other;
	}

	public Database database() {
		return target.database();
	}

	/** JDBC URL, user and password of this test's database, for tools that connect on their own. */
	public List<String> jdbc() {
		return List.of( target.url(), target.user(), target.password() );
	}

	public Path storageRoot() {
		return storageRoot;
	}

	public EntityManagerFactory emf() {
		return emf;
	}

	public Attachments attachments() {
		return Attachments.of( emf );
	}

	/** The test kit's storage, on disk in this fixture's folder, recording into the event log. */
	public TestStorage storage() {
		return storage;
	}

	/**
	 * @return the names of all the files in the storage folder, the partial ones of an interrupted upload too
	 *     (unlike {@link TestStorage#keys()}, which lists stored objects)
	 */
	public Set<String> filesOnDisk() {
		try ( var files = Files.walk( storageRoot ) ) {
			return files.filter( Files::isRegularFile )
					.map( p -> p.getFileName().toString() )
					.collect( java.util.stream.Collectors.toCollection( TreeSet::new ) );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	/** @return where the disk storage keeps {@code key}: root/ab/cd/key */
	public Path pathOf(String key) {
		return storageRoot.resolve( key.substring( 0, 2 ) ).resolve( key.substring( 2, 4 ) ).resolve( key );
	}

	public EventLog log() {
		return log;
	}

	public SqlLog sql() {
		return sql;
	}

	public void inTransaction(Consumer<EntityManager> work) {
		fromTransaction( em -> {
			work.accept( em );
			return null;
		} );
	}

	/** Runs {@code work} in a new transaction and commits; rolls back and rethrows if it fails. */
	public <T> T fromTransaction(Function<EntityManager, T> work) {
		final EntityManager em = emf.createEntityManager();
		try {
			em.getTransaction().begin();
			final T result = work.apply( em );
			em.getTransaction().commit();
			return result;
		}
		catch (RuntimeException e) {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
			throw e;
		}
		finally {
			em.close();
		}
	}

	/** Runs {@code work} in a new transaction and rolls it back. */
	public void inRolledBackTransaction(Consumer<EntityManager> work) {
		final EntityManager em = emf.createEntityManager();
		try {
			em.getTransaction().begin();
			work.accept( em );
			em.flush();
		}
		finally {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
			em.close();
		}
	}

	/** Opens a JDBC connection of its own (auto-commit), outside any Hibernate session. */
	public Connection connection() {
		try {
			return target.open();
		}
		catch (SQLException e) {
			throw new IllegalStateException( e );
		}
	}

	/** @return the single long value of {@code sql}, run on a connection of its own */
	public long queryLong(String query) {
		try ( Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery( query ) ) {
			rs.next();
			return rs.getLong( 1 );
		}
		catch (SQLException e) {
			throw new IllegalStateException( query, e );
		}
	}

	/** @return the values of the first column of {@code sql} */
	public List<String> queryStrings(String query) {
		try ( Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery( query ) ) {
			final List<String> values = new ArrayList<>();
			while ( rs.next() ) {
				values.add( rs.getString( 1 ) );
			}
			return values;
		}
		catch (SQLException e) {
			throw new IllegalStateException( query, e );
		}
	}

	public int execute(String statement) throws SQLException {
		try ( Connection c = connection(); Statement s = c.createStatement() ) {
			return s.executeUpdate( statement );
		}
	}

	public long count(String table) {
		return queryLong( "select count(*) from " + table );
	}

	/** @return the storage keys of all blob rows */
	public Set<String> blobKeys() {
		return new TreeSet<>( queryStrings( "select storage_key from attachment_blobs" ) );
	}

	/** @return the storage keys queued in the outbox */
	public Set<String> outboxKeys() {
		return new TreeSet<>( queryStrings( "select storage_key from attachment_purges" ) );
	}

	/**
	 * The test kit's integrity check of this fixture's unit, where the extension is active and has storage:
	 * fails with the report if database and storage disagree.
	 */
	void assertSound() {
		final var runtime = io.github.hibernateattachments.internal.bootstrap.AttachmentsIntegrator.runtimeOrNull(
				emf.unwrap( org.hibernate.engine.spi.SessionFactoryImplementor.class ) );
		if ( runtime != null && !runtime.storages().isEmpty() && emf.isOpen() ) {
			io.github.hibernateattachments.testing.AttachmentsAssertions.assertSound( emf );
		}
	}

	@Override
	public void close() {
		try {
			otherProcesses.forEach( EntityManagerFactory::close );
			emf.close();
		}
		finally {
			storage.close();
			for ( Path folder : List.of( storageRoot, otherRoots ) ) {
				try ( var paths = Files.walk( folder ) ) {
					paths.sorted( Comparator.reverseOrder() ).forEach( p -> p.toFile().delete() );
				}
				catch (IOException ignored) {
					// a temp folder
				}
			}
		}
	}
}
