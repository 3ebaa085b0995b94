package io.github.hibernateattachments.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Attaching a large file to the disk storage against the practical limit, copying the same file with
 * {@code Files.copy} and forcing it to the device, in the same JVM, alternating, under the heap given on the
 * command line ({@code -Xmx64m} in the Maven execution). The attach also counts, hashes (SHA-256), detects the
 * content type, records an upload intent and commits its row; the copy does nothing else.
 * <pre>
 * ./mvnw -q -B -pl hibernate-attachments-test -Pbenchmarks test-compile exec:exec@disk-throughput
 * </pre>
 * Arguments: [size in bytes, default 1 GiB] [rounds, default 5]. Before each timed operation the files of earlier
 * ones are deleted and {@code sync} runs, so that neither side pays for the other's writeback.
 */
public final class DiskThroughputBenchmark {

	@Entity(name = "ThroughputOwner")
	public static class ThroughputOwner {
		@Id
		@GeneratedValue
		Long id;

		@Attached
		Attachment file;
	}

	private DiskThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		final long size = args.length > 0 ? Long.parseLong( args[0] ) : 1L << 30;
		final int rounds = args.length > 1 ? Integer.parseInt( args[1] ) : 5;
		final Path work = Files.createTempDirectory( "disk-throughput-" );
		final Path source = work.resolve( "source.bin" );
		write( source, size );
		final Path storageRoot = work.resolve( "storage" );
		final Path copies = Files.createDirectories( work.resolve( "copies" ) );
		System.out.printf( "java %s, %d cores, max heap %d MiB; file %d MiB; %d rounds, alternating%n",
				System.getProperty( "java.version" ), Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() >> 20, size >> 20, rounds );
		try ( EntityManagerFactory emf = new HibernatePersistenceConfiguration( "throughput" )
				.managedClass( ThroughputOwner.class )
				.jdbcUrl( "jdbc:h2:mem:throughput;DB_CLOSE_DELAY=-1" )
				.jdbcCredentials( "sa", "" )
				.property( "jakarta.persistence.schema-generation.database.action", "create" )
				.property( AttachmentsSettings.SERVICES + "local.type", "disk" )
				.property( AttachmentsSettings.SERVICES + "local.root", storageRoot.toString() )
				.property( AttachmentsSettings.MAX_SIZE, Long.toString( size ) )
				.createEntityManagerFactory() ) {
			attach( emf, source ); // warm-up: Tika, JIT, the page cache holds the source for both sides
			copy( source, copies.resolve( "warm" ) );
			final List<Double> attach = new ArrayList<>();
			final List<Double> copy = new ArrayList<>();
			for ( int round = 0; round < rounds; round++ ) {
				for ( int side = 0; side < 2; side++ ) {
					// same starting point for each: earlier files gone, nothing dirty in the page cache
					clean( storageRoot, copies );
					if ( ( round + side ) % 2 == 0 ) {
						attach.add( attach( emf, source ) );
					}
					else {
						copy.add( copy( source, copies.resolve( "copy" ) ) );
					}
				}
			}
			final double attachMedian = median( attach );
			final double copyMedian = median( copy );
			System.out.printf( "attach (Attachment.of(path), commit)  median %.2f s (%.0f MiB/s)  runs %s%n", attachMedian,
					( size >> 20 ) / attachMedian, format( attach ) );
			System.out.printf( "Files.copy + force                    median %.2f s (%.0f MiB/s)  runs %s%n", copyMedian,
					( size >> 20 ) / copyMedian, format( copy ) );
			System.out.printf( "attach throughput / copy throughput: %.2f   target >= 0.90: %s%n", copyMedian / attachMedian,
					copyMedian / attachMedian >= 0.9 ? "MET" : "MISSED" );
		}
		finally {
			try ( var files = Files.walk( work ) ) {
				files.sorted( java.util.Comparator.reverseOrder() ).forEach( p -> p.toFile().delete() );
			}
		}
	}

	private static void clean(Path storageRoot, Path copies) throws Exception {
		for ( Path folder : List.of( storageRoot, copies ) ) {
			try ( var files = Files.walk( folder ) ) {
				for ( Path file : files.filter( Files::isRegularFile ).toList() ) {
					Files.delete( file );
				}
			}
		}
		new ProcessBuilder( "sync" ).inheritIO().start().waitFor();
	}

	private static double attach(EntityManagerFactory emf, Path source) {
		final long start = System.nanoTime();
		emf.runInTransaction( em -> {
			final ThroughputOwner owner = new ThroughputOwner();
			owner.file = Attachment.of( source );
			em.persist( owner );
		} );
		return ( System.nanoTime() - start ) / 1e9;
	}

	private static double copy(Path source, Path target) throws IOException {
		final long start = System.nanoTime();
		Files.copy( source, target );
		try ( FileChannel channel = FileChannel.open( target, StandardOpenOption.WRITE ) ) {
			channel.force( true );
		}
		return ( System.nanoTime() - start ) / 1e9;
	}

	private static void write(Path file, long size) throws IOException {
		final SplittableRandom random = new SplittableRandom( 42 );
		final byte[] buffer = new byte[1 << 20];
		try ( OutputStream out = Files.newOutputStream( file ) ) {
			for ( long written = 0; written < size; written += buffer.length ) {
				for ( int i = 0; i < buffer.length; i += 8 ) {
					final long value = random.nextLong();
					for ( int j = 0; j < 8 && i + j < buffer.length; j++ ) {
						buffer[i + j] = (byte) ( value >>> ( 8 * j ) );
					}
				}
				out.write( buffer, 0, (int) Math.min( buffer.length, size - written ) );
			}
		}
	}

	private static double median(List<Double> values) {
		final List<Double> sorted = values.stream().sorted().toList();
		return sorted.get( sorted.size() / 2 );
	}

	private static String format(List<Double> values) {
		return values.stream().map( v -> String.format( "%.2f", v ) ).toList().toString();
	}
}
