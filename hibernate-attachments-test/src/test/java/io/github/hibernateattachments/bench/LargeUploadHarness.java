package io.github.hibernateattachments.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Attaches a file much larger than the heap (default 1 GiB; run with {@code -Xmx64m}) and reports the peak
 * heap used, to show that uploads stream: size, checksum and content type are computed in one pass over a
 * fixed buffer. Content is generated on the fly (never held in memory) and read back to check the checksum.
 * Run by {@code docs/benchmarks.md}'s command; not part of the test suite.
 */
public final class LargeUploadHarness {

	@Entity(name = "BigFileOwner")
	public static class BigFileOwner {
		@Id
		@GeneratedValue
		Long id;

		@Attached
		Attachment file;
	}

	/** Deterministic pseudo-random bytes, generated as they are read. */
	static final class GeneratedContent extends InputStream {
		private final SplittableRandom random = new SplittableRandom( 42 );
		private long remaining;

		GeneratedContent(long size) {
			this.remaining = size;
		}

		@Override
		public int read() {
			if ( remaining <= 0 ) {
				return -1;
			}
			remaining--;
			return random.nextInt( 256 );
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if ( remaining <= 0 ) {
				return -1;
			}
			final int n = (int) Math.min( len, remaining );
			for ( int i = 0; i < n; i++ ) {
				b[off + i] = (byte) random.nextInt( 256 );
			}
			remaining -= n;
			return n;
		}
	}

	public static void main(String[] args) throws Exception {
		final long size = args.length > 0 ? Long.parseLong( args[0] ) : 1024L * 1024 * 1024;
		final Path root = Files.createTempDirectory( "large-upload-" );
		final long maxHeap = Runtime.getRuntime().maxMemory();
		System.out.printf( "java %s, max heap %d MiB, file %d MiB%n", System.getProperty( "java.version" ),
				maxHeap >> 20, size >> 20 );
		final EntityManagerFactory emf = new HibernatePersistenceConfiguration( "large" )
				.managedClass( BigFileOwner.class )
				.jdbcUrl( "jdbc:h2:mem:large;DB_CLOSE_DELAY=-1" )
				.jdbcCredentials( "sa", "" )
				.property( "jakarta.persistence.schema-generation.database.action", "create" )
				.property( AttachmentsSettings.STORAGE, "disk" )
				.property( AttachmentsSettings.STORAGE_DISK_ROOT, root.toString() )
				.property( AttachmentsSettings.MAX_SIZE, Long.toString( size ) )
				.createEntityManagerFactory();
		try {
			resetPeaks();
			final long start = System.nanoTime();
			final EntityManager em = emf.createEntityManager();
			em.getTransaction().begin();
			final BigFileOwner owner = new BigFileOwner();
			owner.file = Attachment.of( new GeneratedContent( size ), "big.bin" );
			em.persist( owner );
			em.getTransaction().commit();
			final double seconds = ( System.nanoTime() - start ) / 1e9;
			final long peakDuringUpload = peakHeapUsed();
			System.out.printf( "attached %d bytes in %.1f s (%.0f MiB/s), stored size %d, checksum %s%n", size, seconds,
					( size >> 20 ) / seconds, owner.file.byteSize(), owner.file.checksum() );

			final MessageDigest digest = MessageDigest.getInstance( "SHA-256" );
			try ( InputStream in = Attachments.of( emf ).openStream( owner.file ) ) {
				final byte[] buffer = new byte[64 * 1024];
				for ( int n; ( n = in.read( buffer ) ) > 0; ) {
					digest.update( buffer, 0, n );
				}
			}
			final String readBack = HexFormat.of().formatHex( digest.digest() );
			em.close();
			System.out.printf( "read back checksum %s (%s)%n", readBack, readBack.equals( owner.file.checksum() ) ? "match" : "MISMATCH" );
			System.out.printf( "PEAK HEAP USED during the upload: %.1f MiB of %d MiB max (sum of heap pool peaks)%n",
					peakDuringUpload / 1048576.0, maxHeap >> 20 );
			if ( !readBack.equals( owner.file.checksum() ) || owner.file.byteSize() != size ) {
				System.exit( 1 );
			}
		}
		finally {
			emf.close();
			try ( var files = Files.walk( root ) ) {
				files.sorted( java.util.Comparator.reverseOrder() ).forEach( p -> p.toFile().delete() );
			}
			catch (IOException ignored) {
				// temp folder
			}
		}
	}

	/** Resets the heap pools' peaks; with {@link #peakHeapUsed()}, measures a phase. Shared by the benchmarks. */
	static void resetPeaks() {
		System.gc();
		for ( MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans() ) {
			if ( pool.getType() == MemoryType.HEAP ) {
				pool.resetPeakUsage();
			}
		}
	}

	/** The sum of the heap pools' peak usage since {@link #resetPeaks()}: an upper bound of the real peak. */
	static long peakHeapUsed() {
		long sum = 0;
		for ( MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans() ) {
			if ( pool.getType() == MemoryType.HEAP ) {
				sum += pool.getPeakUsage().getUsed();
			}
		}
		return sum;
	}
}
