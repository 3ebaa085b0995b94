package io.github.hibernateattachments.torture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.IntegrityReport.Kind;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.storage.DiskStorageService;
import io.github.hibernateattachments.test.Database;
import io.github.hibernateattachments.testing.TestStorage;

import jakarta.persistence.EntityManagerFactory;

/**
 * Bad-input fuzzing (guarantee 5): filenames (unicode, lone surrogates, NUL, '..', absolute paths, very long),
 * content types (empty, unsafe, header injection, very long), sizes (empty, at and over the limit) and streams
 * that fail at a random offset, attached through the whole stack; then keys thrown straight at the disk storage.
 * Each attempt must either store exactly what was sent, or fail with a clear exception (an
 * {@link AttachmentException}, or an argument error from the API call itself), leaving no row without its file,
 * no file without its row, no partial file, and nothing outside the storage root.
 */
final class Fuzzing {

	private static final int MAX_SIZE = 64 * 1024;

	private final Random random;
	private final Outcome outcome;
	private final Path parent;
	private final Path root;
	private final long[] outcomes = new long[4]; // stored, refused by the API call, refused at flush, keys refused

	private Fuzzing(long seed, Outcome outcome, Path parent) {
		this.random = new Random( seed );
		this.outcome = outcome;
		this.parent = parent;
		// deep enough that '..' repeated, as the fuzzer does at most 8 times, stays inside what it looks at
		this.root = parent.resolve( "a/b/c/d/e/f/g/h/i/j/root" );
	}

	static Outcome run(Database database, long seed, int attempts) {
		final Outcome outcome = new Outcome( "Bad-input fuzzing", database.name() );
		outcome.reproduce = "-Dtorture.parts=fuzzing -Dtorture.databases=" + database.name().toLowerCase( java.util.Locale.ROOT )
				+ " -Dtorture.seed=" + seed;
		final long start = System.currentTimeMillis();
		final Path parent;
		try {
			parent = Files.createTempDirectory( "attachments-fuzz-" );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
		final Fuzzing fuzzing = new Fuzzing( seed, outcome, parent );
		final TestStorage storage = TestStorage.inFolder( "disk", fuzzing.root );
		final var settings = Units.settings( storage );
		settings.put( AttachmentsSettings.MAX_SIZE, Integer.toString( MAX_SIZE ) );
		final EntityManagerFactory emf = Units.start( database.create(), settings, true );
		try {
			for ( int i = 0; i < attempts; i++ ) {
				fuzzing.attach( emf, storage );
				outcome.operations++;
			}
			fuzzing.keys( attempts );
			System.out.printf( "  %s: %d attachments stored, %d refused by the API call, %d refused at flush; %d of %d keys"
					+ " refused by the disk storage%n", database, fuzzing.outcomes[0], fuzzing.outcomes[1], fuzzing.outcomes[2],
					fuzzing.outcomes[3], attempts );
		}
		finally {
			emf.close();
			storage.close();
			database.dropCreated();
			delete( parent );
			outcome.millis = System.currentTimeMillis() - start;
		}
		return outcome;
	}

	private void attach(EntityManagerFactory emf, TestStorage storage) {
		final String filename = filename();
		final String contentType = random.nextInt( 3 ) == 0 ? contentType() : null;
		final int size = size();
		final byte[] content = new byte[size];
		random.nextBytes( content );
		final int failAt = random.nextInt( 5 ) == 0 ? random.nextInt( size + 1 ) : -1;
		if ( failAt >= 0 ) {
			outcome.faults++;
		}
		final String input = "filename " + describe( filename ) + ", content type " + describe( contentType ) + ", "
				+ size + " bytes" + ( failAt >= 0 ? ", stream failing at " + failAt : "" );
		Long id = null;
		Attachment attachment;
		try {
			attachment = Attachment.of( failAt >= 0 ? failing( content, failAt ) : new ByteArrayInputStream( content ), filename );
			if ( contentType != null ) {
				attachment = attachment.withContentType( contentType );
			}
		}
		catch (AttachmentException | IllegalArgumentException | NullPointerException refused) {
			// refused by the API call itself
			outcomes[1]++;
			if ( refused.getMessage() == null || refused.getMessage().isBlank() ) {
				outcome.violation( "refused without a message: " + input );
			}
			check( emf, storage, input );
			return;
		}
		try {
			final Attachment chosen = attachment;
			id = emf.callInTransaction( em -> {
				final Doc doc = new Doc( null );
				doc.file = chosen;
				em.persist( doc );
				em.flush();
				return doc.id;
			} );
			outcomes[0]++;
			if ( failAt >= 0 || size > MAX_SIZE ) {
				outcome.violation( "accepted: " + input );
			}
			else {
				final Long stored = id;
				final byte[] read = emf.callInTransaction( em -> {
					try ( InputStream in = Attachments.of( emf ).openStream( em.find( Doc.class, stored ).file ) ) {
						return in.readAllBytes();
					}
					catch (IOException e) {
						throw new UncheckedIOException( e );
					}
				} );
				if ( !Arrays.equals( read, content ) ) {
					outcome.violation( "stored other bytes than sent: " + input );
				}
			}
		}
		catch (RuntimeException e) {
			outcomes[2]++;
			if ( !clear( e ) ) {
				outcome.violation( "unclear error (" + e + ") for " + input );
			}
		}
		check( emf, storage, input );
		if ( id != null ) {
			final Long remove = id;
			emf.runInTransaction( em -> em.remove( em.find( Doc.class, remove ) ) );
		}
	}

	/** An AttachmentException in the chain, with a message. */
	private static boolean clear(Throwable thrown) {
		for ( Throwable t = thrown; t != null; t = t.getCause() ) {
			if ( t instanceof AttachmentException && t.getMessage() != null && !t.getMessage().isBlank() ) {
				return true;
			}
		}
		return false;
	}

	private void check(EntityManagerFactory emf, TestStorage storage, String input) {
		final IntegrityReport report = Attachments.of( emf ).checkIntegrity( Duration.ZERO );
		if ( report.count( Kind.ROW_WITHOUT_FILE ) + report.count( Kind.DAMAGED_FILE ) + report.count( Kind.FILE_WITHOUT_ROW )
				+ report.count( Kind.DANGLING_REFERENCE ) > 0 ) {
			outcome.violation( "after " + input + ":\n" + report.render() );
		}
		final Set<String> files = filesUnder( root );
		if ( !files.equals( storage.keys() ) ) {
			outcome.violation( "partial files left after " + input + ": " + files + " on disk, " + storage.keys() + " stored" );
		}
		final var outbox = Attachments.of( emf ).outboxStatus();
		if ( outbox.rows() > 0 ) {
			outcome.violation( "outbox rows left after " + input + ": " + outbox );
		}
		escapes( input );
	}

	/** Keys thrown straight at the disk storage: valid ones are stored under the root, the others refused. */
	private void keys(int attempts) {
		final Path keysRoot = parent.resolve( "a/b/c/d/e/f/g/h/i/j/keys" );
		final DiskStorageService disk = new DiskStorageService( "fuzz", keysRoot );
		for ( int i = 0; i < attempts; i++ ) {
			final String key = key();
			outcome.operations++;
			final List<Path> targets = targets( keysRoot, key );
			try {
				disk.store( key, new ByteArrayInputStream( new byte[] { 1, 2, 3 } ) );
				if ( !Files.isRegularFile( keysRoot.resolve( key.substring( 0, 2 ) ).resolve( key.substring( 2, 4 ) ).resolve( key ) ) ) {
					outcome.violation( "key " + describe( key ) + " stored somewhere unexpected" );
				}
				disk.delete( key );
			}
			catch (StorageException | IllegalArgumentException | NullPointerException refused) {
				outcomes[3]++;
				if ( refused.getMessage() == null || refused.getMessage().isBlank() ) {
					outcome.violation( "key " + describe( key ) + " refused without a message" );
				}
			}
			catch (RuntimeException e) {
				outcome.violation( "key " + describe( key ) + ": unclear error " + e );
			}
			escapes( "key " + describe( key ) );
			for ( Path target : targets ) {
				if ( Files.exists( target ) ) {
					outcome.violation( "key " + describe( key ) + " wrote outside the root: " + target );
				}
			}
		}
	}

	/**
	 * Where a store of {@code key} would land outside the root if the key were taken as a path (as is, or in the
	 * disk layout's two folders), for the paths that do not exist yet: none may exist afterwards.
	 */
	private static List<Path> targets(Path root, String key) {
		final List<Path> targets = new java.util.ArrayList<>();
		try {
			final List<Path> candidates = new java.util.ArrayList<>( List.of( root.resolve( key ).normalize() ) );
			if ( key.length() >= 4 ) {
				candidates.add( root.resolve( key.substring( 0, 2 ) ).resolve( key.substring( 2, 4 ) ).resolve( key ).normalize() );
			}
			for ( Path candidate : candidates ) {
				if ( !candidate.startsWith( root ) && !Files.exists( candidate ) ) {
					targets.add( candidate );
				}
			}
		}
		catch (java.nio.file.InvalidPathException notAPath) {
			// NUL and the like: the file system could not create it either
		}
		return targets;
	}

	private void escapes(String input) {
		try ( Stream<Path> all = Files.walk( parent ) ) {
			final List<Path> outside = all.filter( Files::isRegularFile )
					.filter( path -> !path.startsWith( root ) && !path.startsWith( parent.resolve( "a/b/c/d/e/f/g/h/i/j/keys" ) ) )
					.toList();
			if ( !outside.isEmpty() ) {
				outcome.violation( "files outside the storage root after " + input + ": " + outside );
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	private static Set<String> filesUnder(Path folder) {
		if ( !Files.exists( folder ) ) {
			return Set.of();
		}
		try ( Stream<Path> all = Files.walk( folder ) ) {
			return all.filter( Files::isRegularFile ).map( path -> path.getFileName().toString() )
					.collect( Collectors.toCollection( TreeSet::new ) );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	private String filename() {
		return switch ( random.nextInt( 10 ) ) {
			case 0 -> unicode( 1 + random.nextInt( 40 ) );
			case 1 -> "report" + '\u0000' + ".pdf" + ( random.nextBoolean() ? "\u0000" : "" );
			case 2 -> "../".repeat( 1 + random.nextInt( 8 ) ) + "etc/passwd";
			case 3 -> List.of( "/etc/passwd", "C:\\Windows\\system32\\x.dll", "\\\\server\\share\\x", "~/x", "/" )
					.get( random.nextInt( 5 ) );
			case 4 -> "x".repeat( 200 + random.nextInt( 20_000 ) ) + ".txt";
			case 5 -> List.of( "", " ", ".", "..", "\t\n", "a/b", "a\\b" ).get( random.nextInt( 7 ) );
			case 6 -> random.nextBoolean() ? null : "\u202Egnp.exe";
			case 7 -> "naïve résumé 履歴書 📄.pdf";
			default -> "file-" + random.nextInt( 1000 ) + ".bin";
		};
	}

	private String unicode(int length) {
		final StringBuilder text = new StringBuilder();
		for ( int i = 0; i < length; i++ ) {
			final int kind = random.nextInt( 4 );
			if ( kind == 0 ) {
				text.append( (char) ( 0xD800 + random.nextInt( 0x800 ) ) ); // a lone surrogate half
			}
			else if ( kind == 1 ) {
				text.appendCodePoint( 0x1F300 + random.nextInt( 0x300 ) );
			}
			else {
				text.append( (char) random.nextInt( 0xD800 ) );
			}
		}
		return text.toString();
	}

	private String contentType() {
		return switch ( random.nextInt( 8 ) ) {
			case 0 -> "";
			case 1 -> "text/html";
			case 2 -> "image/svg+xml";
			case 3 -> "text/plain\r\nSet-Cookie: session=stolen";
			case 4 -> "a/b/c;;;=";
			case 5 -> "x".repeat( 5000 );
			case 6 -> unicode( 10 );
			default -> "application/pdf";
		};
	}

	private int size() {
		return switch ( random.nextInt( 6 ) ) {
			case 0 -> 0;
			case 1 -> MAX_SIZE;
			case 2 -> MAX_SIZE + 1;
			case 3 -> MAX_SIZE * 2;
			default -> random.nextInt( 4096 );
		};
	}

	private String key() {
		return switch ( random.nextInt( 8 ) ) {
			case 0 -> "../../" + "a".repeat( 30 );
			case 1 -> "/etc/passwdpasswdpasswdpasswd";
			case 2 -> "abcd" + '\u0000' + "efghijklmnopqrstuvwxyz";
			case 3 -> "a".repeat( 129 + random.nextInt( 1000 ) );
			case 4 -> unicode( 32 );
			case 5 -> random.nextBoolean() ? "" : "abc";
			case 6 -> "abcd/../../../../xxxxxxxxxxxxxxxxxxxx";
			default -> {
				final StringBuilder key = new StringBuilder();
				for ( int i = 0; i < 16 + random.nextInt( 113 ); i++ ) {
					key.append( "abcdefghijklmnopqrstuvwxyz0123456789".charAt( random.nextInt( 36 ) ) );
				}
				yield key.toString();
			}
		};
	}

	private static InputStream failing(byte[] content, int failAt) {
		return new InputStream() {
			private int position;

			@Override
			public int read() throws IOException {
				if ( position >= failAt ) {
					throw new IOException( "Simulated stream failure at byte " + position );
				}
				return position < content.length ? content[position++] & 0xFF : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				if ( length == 0 ) {
					return 0;
				}
				if ( position >= failAt ) {
					throw new IOException( "Simulated stream failure at byte " + position );
				}
				final int n = Math.min( length, Math.min( failAt, content.length ) - position );
				if ( n <= 0 ) {
					return -1;
				}
				System.arraycopy( content, position, buffer, offset, n );
				position += n;
				return n;
			}
		};
	}

	private static String describe(String text) {
		if ( text == null ) {
			return "null";
		}
		final String shown = text.length() > 40 ? text.substring( 0, 40 ) + "... (" + text.length() + " characters)" : text;
		return "'" + shown.chars().mapToObj( c -> c < 32 || c == 127 || Character.isSurrogate( (char) c )
				? String.format( "\\u%04x", c ) : String.valueOf( (char) c ) ).collect( Collectors.joining() ) + "'";
	}

	private static void delete(Path folder) {
		try ( Stream<Path> paths = Files.walk( folder ) ) {
			paths.sorted( Comparator.reverseOrder() ).forEach( path -> path.toFile().delete() );
		}
		catch (IOException ignored) {
			// a temporary folder
		}
	}
}
