package io.github.hibernateattachments.bench;

import io.github.hibernateattachments.test.planner.JdbcRoundTrips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.github.hibernateattachments.AttachmentsSettings;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Measures the delete planner (issue 3) against Hibernate ORM alone and against hand-written JDBC, on an
 * embedded PostgreSQL and on H2 (in memory):
 * <ol>
 *     <li>its overhead on a flush Hibernate already orders correctly: 10,000 deletes over three tables
 *     removed child-first, planner on vs off vs the extension disabled;</li>
 *     <li>a batched delete of 1,000 parents x 3 children removed parent-first (the order that fails without
 *     the planner), vs JDBC batched DELETEs in the right order, with the JDBC round trips of each.</li>
 * </ol>
 * Each round re-inserts the rows with plain JDBC (not timed), loads the entities in the session (not timed),
 * then times the {@code remove()} calls and the commit. Configurations are interleaved round by round, in an
 * order rotated each round, so drift (JIT, database caches, garbage) hits all of them alike; warmup rounds are
 * discarded. A last few rounds run under a sampling profiler ({@link StackSampler}) to show where the time
 * goes; they are not part of the figures. The embedded PostgreSQL runs without autovacuum (each round vacuums
 * the tables, untimed) and without fsync: neither depends on the configuration measured, both add noise.
 * Arguments (optional): warmup rounds, measured rounds, databases ({@code postgresql,h2}), profiling rounds.
 * Run by {@code docs/benchmarks.md}'s command; not part of the test suite.
 */
public final class DeletePlannerBenchmark {

	static final int PARENTS = 1_000;
	static final int CHILDREN_PER_PARENT = 3;
	static final int GRANDCHILDREN_PER_CHILD = 2;
	static final int BATCH_SIZE = 50;

	@Entity(name = "BenchParent")
	@Table(name = "bench_parent")
	public static class BenchParent {
		@Id
		Long id;

		String name;
	}

	@Entity(name = "BenchChild")
	@Table(name = "bench_child", indexes = @Index(name = "ix_bench_child_parent", columnList = "parent_id"))
	public static class BenchChild {
		@Id
		Long id;

		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "parent_id", nullable = false)
		BenchParent parent;

		String name;
	}

	@Entity(name = "BenchGrandchild")
	@Table(name = "bench_grandchild", indexes = @Index(name = "ix_bench_grandchild_child", columnList = "child_id"))
	public static class BenchGrandchild {
		@Id
		Long id;

		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "child_id", nullable = false)
		BenchChild child;

		String name;
	}

	/** One way of running a round. */
	private interface Variant {
		String label();

		Run run() throws Exception;
	}

	/** One timed run: wall clock and CPU time of the measuring thread, and the JDBC round trips. */
	private record Run(double wallMs, double cpuMs, int batches, int statements) {
	}

	/** The figures of one variant over the measured rounds. */
	private static final class Figures {
		final String label;
		final List<Double> millis = new ArrayList<>();
		final List<Double> cpuMillis = new ArrayList<>();
		int batches = -1;
		int statements = -1;
		boolean tripsVary;

		Figures(String label) {
			this.label = label;
		}

		void add(Run run) {
			millis.add( run.wallMs() );
			cpuMillis.add( run.cpuMs() );
			if ( this.batches >= 0 && ( this.batches != run.batches() || this.statements != run.statements() ) ) {
				tripsVary = true;
			}
			this.batches = run.batches();
			this.statements = run.statements();
		}

		double median() {
			return DeletePlannerBenchmark.median( millis );
		}

		double min() {
			return millis.stream().mapToDouble( Double::doubleValue ).min().orElse( Double.NaN );
		}

		double max() {
			return millis.stream().mapToDouble( Double::doubleValue ).max().orElse( Double.NaN );
		}
	}

	private record Target(String name, String url, String user, String password) {
		Connection open() throws SQLException {
			return DriverManager.getConnection( url, user, password );
		}
	}

	private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
	private static final StackSampler SAMPLER = new StackSampler( Thread.currentThread() );
	private static int profileRounds = 5;

	public static void main(String[] args) throws Exception {
		final int warmup = args.length > 0 ? Integer.parseInt( args[0] ) : 10;
		final int rounds = args.length > 1 ? Integer.parseInt( args[1] ) : 40;
		final List<String> databases = List.of( ( args.length > 2 ? args[2] : "postgresql,h2" ).split( "," ) );
		profileRounds = args.length > 3 ? Integer.parseInt( args[3] ) : 5;
		quietLogging();
		printMachine( warmup, rounds );
		final long start = System.nanoTime();
		for ( String database : databases ) {
			switch ( database.trim().toLowerCase( Locale.ROOT ) ) {
				case "postgresql" -> {
					// autovacuum off: each round vacuums the tables itself, at a fixed point, untimed. No fsync (nor
					// full-page writes): durability costs the same in every configuration and only adds disk noise
					try ( EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig( "autovacuum", "off" )
							.setServerConfig( "fsync", "off" ).setServerConfig( "full_page_writes", "off" ).start() ) {
						run( new Target( "PostgreSQL (embedded, io.zonky)", postgres.getJdbcUrl( "postgres", "postgres" ), "postgres", "postgres" ),
								warmup, rounds );
					}
				}
				case "h2" -> run( new Target( "H2 (in memory)", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "sa", "" ), warmup, rounds );
				default -> throw new IllegalArgumentException( "Unknown database " + database );
			}
		}
		System.out.printf( Locale.ROOT, "total run time %.0f s%n", ( System.nanoTime() - start ) / 1e9 );
	}

	private static void run(Target target, int warmup, int rounds) throws Exception {
		final EntityManagerFactory on = emf( target, "planner-on", true, Map.of( AttachmentsSettings.DELETE_ORDERING, "true" ) );
		final EntityManagerFactory off = emf( target, "planner-off", false, Map.of( AttachmentsSettings.DELETE_ORDERING, "false" ) );
		final EntityManagerFactory disabled = emf( target, "disabled", false, Map.of( AttachmentsSettings.ENABLED, "false" ) );
		try ( Connection jdbc = target.open() ) {
			final DatabaseMetaData meta = jdbc.getMetaData();
			System.out.printf( Locale.ROOT, "%n== %s: %s %s, JDBC driver %s ==%n", target.name(), meta.getDatabaseProductName(),
					meta.getDatabaseProductVersion(), meta.getDriverVersion() );
			System.out.printf( "load average at start (1, 5, 15 min): %s%n", loadAverage() );
			final boolean postgres = meta.getDatabaseProductName().toLowerCase( Locale.ROOT ).contains( "postgres" );

			// 1. overhead on a flush Hibernate already orders correctly
			System.out.printf( Locale.ROOT, "%n[1] %,d deletes in child-first call order (%,d grandchildren, then %,d children, then %,d parents),"
					+ " NOT NULL FKs%n    entities loaded before the timer starts; timed: the remove() calls + commit%n",
					PARENTS * ( 1 + CHILDREN_PER_PARENT + CHILDREN_PER_PARENT * GRANDCHILDREN_PER_CHILD ),
					PARENTS * CHILDREN_PER_PARENT * GRANDCHILDREN_PER_CHILD, PARENTS * CHILDREN_PER_PARENT, PARENTS );
			final List<Figures> first = measure( jdbc, postgres, true, warmup, rounds, List.of(
					hibernate( "planner ON  (delete_ordering=true)", on, REMOVE_CHILD_FIRST_THREE_LEVELS ),
					hibernate( "planner OFF (delete_ordering=false)", off, REMOVE_CHILD_FIRST_THREE_LEVELS ),
					hibernate( "extension disabled (enabled=false)", disabled, REMOVE_CHILD_FIRST_THREE_LEVELS ) ) );
			print( first );
			printRatio( first.get( 0 ), first.get( 1 ), "ON/OFF", "target <= 1.05", 1.05 );
			printRatio( first.get( 0 ), first.get( 2 ), "ON/disabled", null, 0 );
			printRatio( first.get( 1 ), first.get( 2 ), "OFF/disabled", null, 0 );
			printProfiles( first );

			// 2. parent-first calls, planner vs JDBC
			System.out.printf( Locale.ROOT, "%n[2] %,d parents x %d children removed in parent-first call order (each parent, then its children)%n"
					+ "    entities loaded before the timer starts (Hibernate), ids known (JDBC); timed: the deletes + commit%n",
					PARENTS, CHILDREN_PER_PARENT );
			final List<Figures> second = measure( jdbc, postgres, false, warmup, rounds, List.of(
					hibernate( "planner ON, parent-first calls", on, REMOVE_PARENT_FIRST ),
					jdbcBatched( "JDBC batched deletes, children then parents", target ),
					hibernate( "reference: extension disabled, all children then all parents", disabled, REMOVE_CHILDREN_THEN_PARENTS ),
					hibernate( "reference: planner OFF, all children then all parents", off, REMOVE_CHILDREN_THEN_PARENTS ) ) );
			print( second );
			printRatio( second.get( 0 ), second.get( 1 ), "planner/JDBC", "target <= 1.5", 1.5 );
			printRatio( second.get( 2 ), second.get( 1 ), "Hibernate alone (child-first calls)/JDBC", null, 0 );
			printRatio( second.get( 0 ), second.get( 2 ), "planner/Hibernate alone (child-first calls)", null, 0 );
			printRatio( second.get( 0 ), second.get( 3 ), "planner/planner OFF (child-first calls)", null, 0 );
			printProfiles( second );
			System.out.printf( "load average at end (1, 5, 15 min): %s%n", loadAverage() );
		}
		finally {
			on.close();
			off.close();
			disabled.close();
		}
	}

	private static EntityManagerFactory emf(Target target, String name, boolean createSchema, Map<String, String> settings) {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( name )
				.managedClass( BenchParent.class )
				.managedClass( BenchChild.class )
				.managedClass( BenchGrandchild.class )
				.jdbcUrl( target.url() )
				.jdbcCredentials( target.user(), target.password() )
				.property( "jakarta.persistence.schema-generation.database.action", createSchema ? "drop-and-create" : "none" )
				.property( "hibernate.jdbc.batch_size", "50" )
				.property( "hibernate.connection.pool_size", "2" )
				.property( "hibernate.session.events.auto", JdbcRoundTrips.class.getName() )
				.property( AttachmentsSettings.STORAGE, "memory" );
		settings.forEach( configuration::property );
		return configuration.createEntityManagerFactory();
	}

	// ---- the variants

	private interface Removal {
		/** Loads (not timed), then returns what {@link #remove} needs. */
		Object load(EntityManager em);

		void remove(EntityManager em, Object loaded);
	}

	private static Variant hibernate(String label, EntityManagerFactory emf, Removal removal) {
		return new Variant() {
			@Override
			public String label() {
				return label;
			}

			@Override
			public Run run() {
				final EntityManager em = emf.createEntityManager();
				try {
					em.getTransaction().begin();
					final Object loaded = removal.load( em );
					System.gc();
					JdbcRoundTrips.reset();
					final long cpu = THREADS.getCurrentThreadCpuTime();
					final long start = System.nanoTime();
					SAMPLER.begin( label );
					removal.remove( em, loaded );
					em.getTransaction().commit();
					SAMPLER.end();
					final long end = System.nanoTime();
					return new Run( ( end - start ) / 1e6, ( THREADS.getCurrentThreadCpuTime() - cpu ) / 1e6,
							JdbcRoundTrips.BATCHES.get(), JdbcRoundTrips.STATEMENTS.get() );
				}
				finally {
					if ( em.getTransaction().isActive() ) {
						em.getTransaction().rollback();
					}
					SAMPLER.end();
					em.close();
				}
			}
		};
	}

	private record ThreeLevels(List<BenchGrandchild> grandchildren, List<BenchChild> children, List<BenchParent> parents) {
	}

	private static final Removal REMOVE_CHILD_FIRST_THREE_LEVELS = new Removal() {
		@Override
		public Object load(EntityManager em) {
			final List<BenchParent> parents = em.createQuery( "from BenchParent order by id", BenchParent.class ).getResultList();
			final List<BenchChild> children = em.createQuery( "from BenchChild order by id", BenchChild.class ).getResultList();
			final List<BenchGrandchild> grandchildren = em.createQuery( "from BenchGrandchild order by id", BenchGrandchild.class ).getResultList();
			return new ThreeLevels( grandchildren, children, parents );
		}

		@Override
		public void remove(EntityManager em, Object loaded) {
			final ThreeLevels all = (ThreeLevels) loaded;
			all.grandchildren().forEach( em::remove );
			all.children().forEach( em::remove );
			all.parents().forEach( em::remove );
		}
	};

	private static List<BenchChild> childrenWithParents(EntityManager em) {
		return em.createQuery( "from BenchChild c join fetch c.parent order by c.parent.id, c.id", BenchChild.class ).getResultList();
	}

	/** Each parent, then its children: the order that fails without the planner. */
	private static final Removal REMOVE_PARENT_FIRST = new Removal() {
		@Override
		public Object load(EntityManager em) {
			return childrenWithParents( em );
		}

		@Override
		@SuppressWarnings("unchecked")
		public void remove(EntityManager em, Object loaded) {
			BenchParent current = null;
			for ( BenchChild child : (List<BenchChild>) loaded ) {
				if ( child.parent != current ) {
					current = child.parent;
					em.remove( current );
				}
				em.remove( child );
			}
		}
	};

	/** All children, then all parents: the order Hibernate alone batches and the foreign keys accept. */
	private static final Removal REMOVE_CHILDREN_THEN_PARENTS = new Removal() {
		@Override
		public Object load(EntityManager em) {
			return childrenWithParents( em );
		}

		@Override
		@SuppressWarnings("unchecked")
		public void remove(EntityManager em, Object loaded) {
			final List<BenchChild> children = (List<BenchChild>) loaded;
			children.forEach( em::remove );
			BenchParent current = null;
			for ( BenchChild child : children ) {
				if ( child.parent != current ) {
					current = child.parent;
					em.remove( current );
				}
			}
		}
	};

	/** Hand-written: {@code delete from bench_child where id=?} batched by 50, then the parents, one transaction. */
	private static Variant jdbcBatched(String label, Target target) throws SQLException {
		final Connection connection = target.open(); // kept open for the run, like a pooled connection
		connection.setAutoCommit( false );
		final List<Long> childIds = new ArrayList<>();
		for ( long id = 1; id <= (long) PARENTS * CHILDREN_PER_PARENT; id++ ) {
			childIds.add( id );
		}
		final List<Long> parentIds = new ArrayList<>();
		for ( long id = 1; id <= PARENTS; id++ ) {
			parentIds.add( id );
		}
		return new Variant() {
			@Override
			public String label() {
				return label;
			}

			@Override
			public Run run() throws SQLException {
				System.gc();
				final int[] batches = { 0 };
				final long cpu = THREADS.getCurrentThreadCpuTime();
				final long start = System.nanoTime();
				SAMPLER.begin( label );
				try {
					deleteBatched( connection, "delete from bench_child where id=?", childIds, batches );
					deleteBatched( connection, "delete from bench_parent where id=?", parentIds, batches );
					connection.commit();
				}
				finally {
					SAMPLER.end();
				}
				final long end = System.nanoTime();
				return new Run( ( end - start ) / 1e6, ( THREADS.getCurrentThreadCpuTime() - cpu ) / 1e6, batches[0], 0 );
			}
		};
	}

	private static void deleteBatched(Connection connection, String sql, List<Long> ids, int[] batches) throws SQLException {
		try ( PreparedStatement delete = connection.prepareStatement( sql ) ) {
			int pending = 0;
			for ( Long id : ids ) {
				delete.setLong( 1, id );
				delete.addBatch();
				if ( ++pending == BATCH_SIZE ) {
					check( delete.executeBatch() );
					batches[0]++;
					pending = 0;
				}
			}
			if ( pending > 0 ) {
				check( delete.executeBatch() );
				batches[0]++;
			}
		}
	}

	private static void check(int[] counts) {
		for ( int count : counts ) {
			if ( count != 1 && count != Statement.SUCCESS_NO_INFO ) {
				throw new IllegalStateException( "A DELETE affected " + count + " rows" );
			}
		}
	}

	// ---- rounds

	private static List<Figures> measure(Connection jdbc, boolean postgres, boolean grandchildren, int warmup, int rounds,
			List<Variant> variants) throws Exception {
		final List<Figures> figures = new ArrayList<>();
		variants.forEach( v -> figures.add( new Figures( v.label() ) ) );
		for ( int round = 0; round < warmup + rounds + profileRounds; round++ ) {
			final boolean profiling = round >= warmup + rounds;
			for ( int k = 0; k < variants.size(); k++ ) {
				final int index = ( round + k ) % variants.size();
				insert( jdbc, postgres, grandchildren );
				SAMPLER.enabled( profiling );
				final Run run = variants.get( index ).run();
				SAMPLER.enabled( false );
				checkEmpty( jdbc );
				if ( round >= warmup && !profiling ) {
					figures.get( index ).add( run );
				}
			}
		}
		return figures;
	}

	private static void insert(Connection jdbc, boolean postgres, boolean grandchildren) throws SQLException {
		jdbc.setAutoCommit( false );
		try ( PreparedStatement parent = jdbc.prepareStatement( "insert into bench_parent (id, name) values (?, ?)" );
				PreparedStatement child = jdbc.prepareStatement( "insert into bench_child (id, parent_id, name) values (?, ?, ?)" );
				PreparedStatement grandchild = jdbc.prepareStatement( "insert into bench_grandchild (id, child_id, name) values (?, ?, ?)" ) ) {
			for ( long p = 1; p <= PARENTS; p++ ) {
				parent.setLong( 1, p );
				parent.setString( 2, "parent " + p );
				parent.addBatch();
			}
			parent.executeBatch();
			long childId = 0;
			long grandchildId = 0;
			for ( long p = 1; p <= PARENTS; p++ ) {
				for ( int c = 0; c < CHILDREN_PER_PARENT; c++ ) {
					childId++;
					child.setLong( 1, childId );
					child.setLong( 2, p );
					child.setString( 3, "child " + childId );
					child.addBatch();
					if ( grandchildren ) {
						for ( int g = 0; g < GRANDCHILDREN_PER_CHILD; g++ ) {
							grandchildId++;
							grandchild.setLong( 1, grandchildId );
							grandchild.setLong( 2, childId );
							grandchild.setString( 3, "grandchild " + grandchildId );
							grandchild.addBatch();
						}
					}
				}
			}
			child.executeBatch();
			if ( grandchildren ) {
				grandchild.executeBatch();
			}
		}
		jdbc.commit();
		jdbc.setAutoCommit( true );
		if ( postgres ) {
			// the previous round's deletes left dead rows: every round starts from the same table state
			try ( Statement s = jdbc.createStatement() ) {
				s.execute( "vacuum analyze bench_parent, bench_child, bench_grandchild" );
			}
		}
	}

	private static void checkEmpty(Connection jdbc) throws SQLException {
		try ( Statement s = jdbc.createStatement();
				ResultSet rs = s.executeQuery( "select (select count(*) from bench_parent) + (select count(*) from bench_child)"
						+ " + (select count(*) from bench_grandchild)" ) ) {
			rs.next();
			if ( rs.getLong( 1 ) != 0 ) {
				throw new IllegalStateException( rs.getLong( 1 ) + " rows left after the deletes" );
			}
		}
	}

	// ---- output

	private static void print(List<Figures> figures) {
		for ( Figures f : figures ) {
			System.out.printf( Locale.ROOT, "  %-62s median %6.1f ms  min %6.1f  max %6.1f | JVM thread CPU median %6.1f ms"
					+ " | round trips: %d batches + %d statements%s%n", f.label, f.median(), f.min(), f.max(), median( f.cpuMillis ),
					f.batches, f.statements, f.tripsVary ? " (VARIED between rounds)" : "" );
			final StringBuilder all = new StringBuilder();
			f.millis.forEach( ms -> all.append( String.format( Locale.ROOT, " %.0f", ms ) ) );
			System.out.printf( "      rounds (ms, run order):%s%n", all );
		}
	}

	private static void printProfiles(List<Figures> figures) {
		if ( profileRounds == 0 ) {
			return;
		}
		System.out.printf( Locale.ROOT, "  -- sampling profile: %d more rounds per configuration, sampled every ~1 ms (not part of the figures above)%n",
				profileRounds );
		final Map<String, StackSampler.Profile> profiles = SAMPLER.profiles();
		for ( Figures f : figures ) {
			final StackSampler.Profile profile = profiles.get( f.label );
			if ( profile != null ) {
				StackSampler.print( f.label, profile );
			}
		}
		SAMPLER.clear();
	}

	private static void printRatio(Figures a, Figures b, String name, String target, double limit) {
		final double ofMedians = a.median() / b.median();
		final List<Double> paired = new ArrayList<>();
		for ( int i = 0; i < a.millis.size(); i++ ) {
			paired.add( a.millis.get( i ) / b.millis.get( i ) );
		}
		final ToDoubleFunction<Double> id = Double::doubleValue;
		System.out.printf( Locale.ROOT, "  ratio %s: %.3f (of medians); per round %.3f median, %.3f min, %.3f max; JVM thread CPU %.3f%s%n",
				name, ofMedians, median( paired ), paired.stream().mapToDouble( id ).min().orElse( Double.NaN ),
				paired.stream().mapToDouble( id ).max().orElse( Double.NaN ), median( a.cpuMillis ) / median( b.cpuMillis ),
				target == null ? "" : "   " + target + ": " + ( ofMedians <= limit ? "MET" : "MISSED" ) );
	}

	static double median(List<Double> values) {
		final List<Double> sorted = new ArrayList<>( values );
		sorted.sort( null );
		final int n = sorted.size();
		return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get( n / 2 ) : ( sorted.get( n / 2 - 1 ) + sorted.get( n / 2 ) ) / 2;
	}

	private static void printMachine(int warmup, int rounds) {
		System.out.printf( Locale.ROOT, "machine: %d cores, %s, %s RAM, %s%n", Runtime.getRuntime().availableProcessors(),
				procValue( "/proc/cpuinfo", "model name" ), memTotal(), osName() );
		System.out.printf( Locale.ROOT, "java %s (%s %s), max heap %d MiB%n", System.getProperty( "java.version" ),
				System.getProperty( "java.vm.name" ), System.getProperty( "java.vm.version" ), Runtime.getRuntime().maxMemory() >> 20 );
		System.out.printf( Locale.ROOT, "Hibernate ORM %s, hibernate.jdbc.batch_size=50, hibernate.attachments.storage=memory%n",
				org.hibernate.Version.getVersionString() );
		System.out.printf( Locale.ROOT, "%d warmup rounds (discarded) + %d measured rounds; configurations interleaved round by round,"
				+ " order rotated each round; rows re-inserted by JDBC before each run (not timed); System.gc() before each timed"
				+ " section; then %d profiling rounds%n", warmup, rounds, profileRounds );
	}

	private static String procValue(String file, String key) {
		try {
			return Files.readAllLines( Path.of( file ) ).stream().filter( l -> l.startsWith( key ) )
					.map( l -> l.substring( l.indexOf( ':' ) + 1 ).trim() ).findFirst().orElse( "?" );
		}
		catch (IOException e) {
			return "?";
		}
	}

	/** Other processes on the machine show here: the harness itself keeps about one core busy. */
	private static String loadAverage() {
		try {
			final String[] fields = Files.readString( Path.of( "/proc/loadavg" ) ).trim().split( " " );
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException e) {
			return "?";
		}
	}

	private static String memTotal() {
		final String kb = procValue( "/proc/meminfo", "MemTotal" ).replace( "kB", "" ).trim();
		try {
			return String.format( Locale.ROOT, "%.0f GiB", Long.parseLong( kb ) / 1048576.0 );
		}
		catch (NumberFormatException e) {
			return "?";
		}
	}

	private static String osName() {
		try {
			return Files.readAllLines( Path.of( "/etc/os-release" ) ).stream().filter( l -> l.startsWith( "PRETTY_NAME=" ) )
					.map( l -> l.substring( "PRETTY_NAME=".length() ).replace( "\"", "" ) ).findFirst()
					.orElse( System.getProperty( "os.name" ) );
		}
		catch (IOException e) {
			return System.getProperty( "os.name" );
		}
	}

	/** Held: java.util.logging keeps loggers weakly. */
	private static final java.util.logging.Logger POOL_LOGGER = java.util.logging.Logger.getLogger( "org.hibernate.orm.connections.pooling" );

	/**
	 * Hibernate and the extension log at INFO through java.util.logging: keep the output to the figures and
	 * to warnings, minus the built-in connection pool's warning that it is not meant for production.
	 */
	private static void quietLogging() {
		final java.util.logging.Logger root = java.util.logging.Logger.getLogger( "" );
		root.setLevel( java.util.logging.Level.WARNING );
		for ( var handler : root.getHandlers() ) {
			handler.setLevel( java.util.logging.Level.WARNING );
		}
		POOL_LOGGER.setLevel( java.util.logging.Level.SEVERE );
	}
}
