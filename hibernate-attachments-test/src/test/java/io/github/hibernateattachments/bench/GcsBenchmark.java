package io.github.hibernateattachments.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.gcs.FakeGcsServer;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * The GCS backend against the HTTP fake of the JSON API:
 * <ol>
 *     <li>requests issued to purge 10,000 blobs, deleted in one transaction (the after-commit purge) and by a bulk
 *     delete plus the sweeper; ActiveStorage issues one request per blob;</li>
 *     <li>peak heap while attaching a 1 GiB object under the heap this JVM runs with ({@code -Xmx64m}); the fake
 *     runs in a process of its own, so that its copy of the object does not count.</li>
 * </ol>
 * <pre>
 * ./mvnw -q -B -pl hibernate-attachments-test -Pbenchmarks test-compile exec:exec@gcs
 * </pre>
 * Arguments: [blobs to purge, default 10000] [bytes of the large object, default 1 GiB].
 */
public final class GcsBenchmark {

	@Entity(name = "GcsOwner")
	public static class GcsOwner {
		@Id
		@GeneratedValue
		Long id;

		@Attached
		Attachment file;
	}

	private GcsBenchmark() {
	}

	private static EntityManagerFactory boot(String name, String endpoint, long maxSize) {
		return new HibernatePersistenceConfiguration( name )
				.managedClass( GcsOwner.class )
				.jdbcUrl( "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" )
				.jdbcCredentials( "sa", "" )
				.property( "jakarta.persistence.schema-generation.database.action", "create" )
				.property( AttachmentsSettings.SERVICES + "bucket.type", "gcs" )
				.property( AttachmentsSettings.SERVICES + "bucket.bucket", "bench" )
				.property( AttachmentsSettings.SERVICES + "bucket.host", endpoint )
				.property( AttachmentsSettings.SERVICES + "bucket.credentials", "none" )
				.property( AttachmentsSettings.SERVICES + "bucket.project_id", FakeGcsServer.PROJECT_ID )
				.property( AttachmentsSettings.SWEEP_GRACE_PERIOD, "0s" )
				.property( AttachmentsSettings.MAX_SIZE, Long.toString( maxSize ) )
				.createEntityManagerFactory();
	}

	public static void main(String[] args) throws Exception {
		if ( args.length == 2 && args[0].equals( "large" ) ) {
			largeObject( Long.parseLong( args[1] ) ); // in the child JVM, under -Xmx64m
			return;
		}
		final int blobs = args.length > 0 ? Integer.parseInt( args[0] ) : 10_000;
		final long large = args.length > 1 ? Long.parseLong( args[1] ) : 1L << 30;
		System.out.printf( "java %s, %d cores%n", System.getProperty( "java.version" ), Runtime.getRuntime().availableProcessors() );
		purges( blobs );
		final Process child = new ProcessBuilder( Path.of( System.getProperty( "java.home" ), "bin", "java" ).toString(),
				"-Xmx64m", "-cp", System.getProperty( "java.class.path" ), GcsBenchmark.class.getName(), "large",
				Long.toString( large ) ).inheritIO().start();
		if ( child.waitFor() != 0 ) {
			throw new IllegalStateException( "the large-object run failed" );
		}
	}

	private static void create(EntityManagerFactory emf, int blobs) {
		for ( int from = 0; from < blobs; from += 500 ) {
			final int first = from;
			emf.runInTransaction( em -> {
				for ( int i = first; i < Math.min( blobs, first + 500 ); i++ ) {
					final GcsOwner owner = new GcsOwner();
					owner.file = Attachment.of( ( "blob " + i ).getBytes( StandardCharsets.UTF_8 ), "b" + i + ".txt" );
					em.persist( owner );
				}
			} );
		}
	}

	private static void purges(int blobs) {
		try ( FakeGcsServer gcs = FakeGcsServer.start() ) {
			gcs.createBucket( "bench" );
			try ( EntityManagerFactory emf = boot( "purges", gcs.endpoint(), 1024 ) ) {
				create( emf, blobs );
				gcs.resetCounts();
				long start = System.nanoTime();
				emf.runInTransaction( em -> em.createQuery( "from GcsOwner", GcsOwner.class ).getResultList().forEach( em::remove ) );
				double seconds = ( System.nanoTime() - start ) / 1e9;
				System.out.printf( "after-commit purge of %,d blobs (one transaction removing their owners): %.1f s;"
								+ " requests: %d batch (%d deletes in them), %d single deletes; objects left %d%n", blobs, seconds,
						gcs.requestCount( FakeGcsServer.BATCH ), gcs.requestCount( FakeGcsServer.BATCH_PART ),
						gcs.requestCount( FakeGcsServer.DELETE ), gcs.objectNames( "bench" ).size() );

				create( emf, blobs );
				gcs.resetCounts();
				start = System.nanoTime();
				emf.runInTransaction( em -> em.createQuery( "delete from GcsOwner" ).executeUpdate() );
				Attachments.of( emf ).sweep( false, report -> { } );
				seconds = ( System.nanoTime() - start ) / 1e9;
				System.out.printf( "bulk delete + sweep of %,d blobs: %.1f s; requests: %d batch (%d deletes in them), %d"
								+ " single deletes; objects left %d%n", blobs, seconds, gcs.requestCount( FakeGcsServer.BATCH ),
						gcs.requestCount( FakeGcsServer.BATCH_PART ), gcs.requestCount( FakeGcsServer.DELETE ),
						gcs.objectNames( "bench" ).size() );
			}
		}
	}

	private static void largeObject(long size) throws Exception {
		final Process fake = new ProcessBuilder( Path.of( System.getProperty( "java.home" ), "bin", "java" ).toString(),
				"-Xmx" + Math.max( 2048, 8 * ( size >> 20 ) ) + "m", "-cp", System.getProperty( "java.class.path" ),
				"io.github.hibernateattachments.gcs.FakeGcsServerMain", "bench" ).redirectError( ProcessBuilder.Redirect.INHERIT ).start();
		try {
			final String line = new BufferedReader( new InputStreamReader( fake.getInputStream(), StandardCharsets.UTF_8 ) ).readLine();
			if ( line == null || !line.startsWith( "endpoint " ) ) {
				throw new IllegalStateException( "the fake did not start: " + line );
			}
			try ( EntityManagerFactory emf = boot( "large", line.substring( "endpoint ".length() ), size ) ) {
				LargeUploadHarness.resetPeaks();
				final long start = System.nanoTime();
				final GcsOwner owner = new GcsOwner();
				emf.runInTransaction( em -> {
					owner.file = Attachment.of( new LargeUploadHarness.GeneratedContent( size ), "big.bin" );
					em.persist( owner );
				} );
				final double seconds = ( System.nanoTime() - start ) / 1e9;
				final long peak = LargeUploadHarness.peakHeapUsed();
				final MessageDigest digest = MessageDigest.getInstance( "SHA-256" );
				try ( InputStream in = Attachments.of( emf ).openStream( owner.file ) ) {
					final byte[] buffer = new byte[256 * 1024];
					for ( int n; ( n = in.read( buffer ) ) > 0; ) {
						digest.update( buffer, 0, n );
					}
				}
				final boolean match = HexFormat.of().formatHex( digest.digest() ).equals( owner.file.checksum() );
				System.out.printf( "attached %d MiB to GCS in %.1f s; PEAK HEAP USED during the upload: %.1f MiB of %d MiB"
								+ " max; read back %s%n", size >> 20, seconds, peak / 1048576.0, Runtime.getRuntime().maxMemory() >> 20,
						match ? "checksum match" : "CHECKSUM MISMATCH" );
			}
		}
		finally {
			fake.getOutputStream().close();
			fake.waitFor();
		}
	}
}
