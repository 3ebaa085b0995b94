package io.github.hibernateattachments.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.SweepReport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Issue 4's sweep benchmark: {@code unreferenced} unreferenced blobs (default 100,000) among
 * {@code referenced} referenced ones (default 1,000,000) on PostgreSQL with disk storage. Compares, in one
 * run, {@link Attachments#sweep()} with the practical limit: one hand-written
 * {@code DELETE ... WHERE NOT EXISTS ... RETURNING storage_key} followed by deleting the files. Prints the
 * query plan of the sweeper's claim query. Arguments: [unreferenced] [referenced].
 */
public final class SweeperBenchmark {

	@Entity(name = "BenchUser")
	@Table(name = "bench_users")
	public static class BenchUser {
		@Id
		@GeneratedValue
		Long id;

		@Attached
		Attachment avatar;
	}

	public static void main(String[] args) throws Exception {
		final int unreferenced = args.length > 0 ? Integer.parseInt( args[0] ) : 100_000;
		final int referenced = args.length > 1 ? Integer.parseInt( args[1] ) : 1_000_000;
		final Path root = Files.createTempDirectory( "sweep-bench-" );
		// -Dsweep.url=jdbc:postgresql://...: a PostgreSQL of your own (user and password "postgres") instead
		final String external = System.getProperty( "sweep.url", "" ).isBlank() ? null : System.getProperty( "sweep.url" );
		try ( EmbeddedPostgres postgres = external == null ? EmbeddedPostgres.builder().start() : null ) {
			final String url = external == null ? postgres.getJdbcUrl( "postgres", "postgres" ) : external;
			System.out.printf( "PostgreSQL %s, %d cores, java %s; %,d unreferenced among %,d referenced blobs%n",
					version( url ), Runtime.getRuntime().availableProcessors(), System.getProperty( "java.version" ),
					unreferenced, referenced );
			final EntityManagerFactory emf = new HibernatePersistenceConfiguration( "sweep-bench" )
					.managedClass( BenchUser.class )
					.jdbcUrl( url ).jdbcCredentials( "postgres", "postgres" )
					.property( "jakarta.persistence.schema-generation.database.action", "drop-and-create" )
					.property( AttachmentsSettings.STORAGE, "disk" )
					.property( AttachmentsSettings.STORAGE_DISK_ROOT, root.toString() )
					.property( AttachmentsSettings.SWEEP_GRACE_PERIOD, "0" )
					.property( AttachmentsSettings.SWEEP_BATCH_SIZE, System.getProperty( "sweep.batch", "1000" ) )
					.property( "hibernate.connection.pool_size", 4 )
					.createEntityManagerFactory();
			try ( Connection c = DriverManager.getConnection( url, "postgres", "postgres" ) ) {
				long t = System.nanoTime();
				populateReferenced( c, referenced );
				System.out.printf( "setup: %,d referenced blobs and users in %.1f s%n", referenced, ( System.nanoTime() - t ) / 1e9 );

				// alternating rounds, each on fresh orphans: the disk and the machine are shared, so one run of
				// each side says little; the medians and every round are printed
				final int rounds = Integer.getInteger( "sweep.rounds", 3 );
				final List<Double> sweeps = new ArrayList<>();
				final List<Double> limits = new ArrayList<>();
				for ( int round = 1; round <= rounds; round++ ) {
					t = System.nanoTime();
					populateUnreferenced( c, root, unreferenced, 2 * round - 1 );
					System.out.printf( "round %d setup: %,d unreferenced blobs and files in %.1f s%n", round, unreferenced,
							( System.nanoTime() - t ) / 1e9 );
					if ( round == 1 ) {
						explain( c );
					}
					settle();
					t = System.nanoTime();
					final SweepReport report = Attachments.of( emf ).sweep();
					final double sweep = ( System.nanoTime() - t ) / 1e9;
					System.out.printf( "round %d SWEEPER: %,d blobs (%,d files) in %.2f s = %,.0f blobs/s%n", round,
							report.deleted(), report.filesDeleted(), sweep, report.deleted() / sweep );
					check( c, root, referenced );

					populateUnreferenced( c, root, unreferenced, 2 * round );
					settle();
					t = System.nanoTime();
					final int handWritten = handWritten( c, root );
					final double limit = ( System.nanoTime() - t ) / 1e9;
					System.out.printf( "round %d HAND-WRITTEN DELETE ... WHERE NOT EXISTS + file deletes: %,d blobs in %.2f s = %,.0f blobs/s%n",
							round, handWritten, limit, handWritten / limit );
					check( c, root, referenced );
					System.out.printf( "round %d ratio sweeper / hand-written: %.2f%n", round, sweep / limit );
					sweeps.add( sweep );
					limits.add( limit );
				}
				final double sweep = median( sweeps );
				final double limit = median( limits );
				System.out.printf( "MEDIAN SWEEPER: %.2f s = %,.0f blobs/s; MEDIAN HAND-WRITTEN: %.2f s = %,.0f blobs/s%n",
						sweep, unreferenced / sweep, limit, unreferenced / limit );
				System.out.printf( "RATIO of the medians, sweeper / hand-written: %.2f (target <= 2)%n", sweep / limit );
			}
			finally {
				emf.close();
			}
		}
		finally {
			try ( var files = Files.walk( root ) ) {
				files.sorted( java.util.Comparator.reverseOrder() ).forEach( p -> p.toFile().delete() );
			}
		}
	}

	private static double median(List<Double> values) {
		final List<Double> sorted = values.stream().sorted().toList();
		final int n = sorted.size();
		return n % 2 == 1 ? sorted.get( n / 2 ) : ( sorted.get( n / 2 - 1 ) + sorted.get( n / 2 ) ) / 2;
	}

	/**
	 * Writes the new files out to disk before a timed phase (unless {@code -Dsweep.settle=false}): orphans in
	 * production are old files, and neither side should pay for the other's setup. Without it, files created
	 * seconds before are deleted before the kernel ever writes them, which is much cheaper.
	 */
	private static void settle() throws Exception {
		if ( Boolean.parseBoolean( System.getProperty( "sweep.settle", "true" ) ) ) {
			new ProcessBuilder( "sync" ).inheritIO().start().waitFor();
		}
	}

	private static String version(String url) throws Exception {
		try ( Connection c = DriverManager.getConnection( url, "postgres", "postgres" );
				Statement s = c.createStatement(); ResultSet rs = s.executeQuery( "show server_version" ) ) {
			rs.next();
			return rs.getString( 1 );
		}
	}

	/** Referenced blobs (no files: the sweep never touches them) and one user each. */
	private static void populateReferenced(Connection c, int count) throws Exception {
		try ( Statement s = c.createStatement() ) {
			s.execute( "insert into attachment_blobs (id, storage_key, filename, content_type, byte_size, checksum, service_name, created_at)"
					+ " select g, 'r' || lpad(g::text, 31, '0'), 'f.txt', 'text/plain', 1, 'x', 'disk', now() - interval '1 day'"
					+ " from generate_series(1, " + count + ") g" );
			s.execute( "insert into bench_users (id, avatar_blob_id) select g, g from generate_series(1, " + count + ") g" );
			s.execute( "select setval('attachment_blobs_seq', " + ( count + 10_000_000 ) + ")" );
			s.execute( "analyze" );
		}
	}

	/**
	 * Unreferenced blobs with their files, as a bulk delete of their owners would leave them. Their keys are
	 * spread over the shard folders as random keys are ({@code md5} of the round and number, 32 hex digits):
	 * most files have a folder of their own, which the sweeper removes once empty.
	 */
	private static void populateUnreferenced(Connection c, Path root, int count, int round) throws Exception {
		final long base = 100_000_000L * round;
		try ( Statement s = c.createStatement() ) {
			s.execute( "insert into attachment_blobs (id, storage_key, filename, content_type, byte_size, checksum, service_name, created_at)"
					+ " select " + base + " + g, md5('u" + round + "-' || g), 'f.txt', 'text/plain', 1, 'x', 'disk',"
					+ " now() - interval '1 day' from generate_series(1, " + count + ") g" );
			s.execute( "analyze attachment_blobs" );
		}
		final java.security.MessageDigest md5 = java.security.MessageDigest.getInstance( "MD5" );
		for ( int g = 1; g <= count; g++ ) {
			final String key = java.util.HexFormat.of().formatHex(
					md5.digest( ( "u" + round + "-" + g ).getBytes( java.nio.charset.StandardCharsets.UTF_8 ) ) );
			final Path folder = root.resolve( key.substring( 0, 2 ) ).resolve( key.substring( 2, 4 ) );
			Files.createDirectories( folder );
			Files.write( folder.resolve( key ), new byte[] { 'x' } );
		}
	}

	private static void explain(Connection c) throws Exception {
		// the sweeper's claim query, as it renders it, for a batch halfway through the referenced blobs
		final String claim = "select b.id, b.storage_key, b.service_name from attachment_blobs b where b.created_at < now()"
				+ " and b.id > 500000 and not exists (select 1 from bench_users r where r.avatar_blob_id = b.id"
				+ " and r.avatar_blob_id > 500000) order by b.id fetch first 1000 rows only for update skip locked";
		System.out.println( "EXPLAIN ANALYZE of the sweeper's claim query (batch starting halfway):" );
		c.setAutoCommit( false );
		try ( Statement s = c.createStatement(); ResultSet rs = s.executeQuery( "explain analyze " + claim ) ) {
			while ( rs.next() ) {
				System.out.println( "  " + rs.getString( 1 ) );
			}
		}
		c.rollback();
		c.setAutoCommit( true );
	}

	private static int handWritten(Connection c, Path root) throws Exception {
		final List<String> keys = new ArrayList<>();
		c.setAutoCommit( false );
		try ( Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
				"delete from attachment_blobs b where b.created_at < now()"
						+ " and not exists (select 1 from bench_users r where r.avatar_blob_id = b.id) returning b.storage_key" ) ) {
			while ( rs.next() ) {
				keys.add( rs.getString( 1 ) );
			}
		}
		c.commit();
		c.setAutoCommit( true );
		for ( String key : keys ) {
			Files.deleteIfExists( root.resolve( key.substring( 0, 2 ) ).resolve( key.substring( 2, 4 ) ).resolve( key ) );
		}
		return keys.size();
	}

	private static void check(Connection c, Path root, int referenced) throws Exception {
		try ( Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
				"select count(*), (select count(*) from attachment_purges) from attachment_blobs" ) ) {
			rs.next();
			long files;
			try ( var walk = Files.walk( root ) ) {
				files = walk.filter( Files::isRegularFile ).count();
			}
			System.out.printf( "  check: %,d blob rows left (expected %,d), %,d outbox rows, %,d files left%n",
					rs.getLong( 1 ), referenced, rs.getLong( 2 ), files );
		}
	}
}
