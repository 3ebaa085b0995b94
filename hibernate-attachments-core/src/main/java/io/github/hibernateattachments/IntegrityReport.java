package io.github.hibernateattachments;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an integrity check ({@link Attachments#checkIntegrity(Duration)}) found: every way database and storage
 * can disagree that the extension's guarantees rule out. A sound installation has no {@linkplain #problems()
 * problem}: every blob row has its file, every file belongs to a row (or to an upload or purge in progress),
 * no outbox delete is overdue, and no column references a blob that does not exist.
 * <p>
 * Unreferenced blobs (left by bulk deletes and database cascades) are not a problem: the sweeper collects them.
 * They are counted in {@link #awaitingSweep()}, which is 0 once a sweep with no grace period has run.
 * <p>
 * {@link #files()} counts every object listed in every backend: a file a mirror service keeps in its primary and
 * in a mirror counts twice. A blob row's file is looked for in the service the row names (for a mirror service,
 * its primary).
 *
 * @param blobRows blob rows checked
 * @param files files listed in the storage services
 * @param outboxRows rows in the outbox (purges waiting for their delete, uploads in progress or abandoned)
 * @param awaitingSweep blobs older than the given age that nothing references
 *     (of configured storage services: the others the sweeper leaves alone)
 * @param counts how many problems of each kind were found (kinds without any are absent)
 * @param problems the problems, at most {@value #LISTED} of each kind
 * @param notListed the storage services whose files could not be listed, each with the reason: files without a
 *     row were not looked for there (everything else was checked)
 * @param olderThan files, uploads, due outbox rows and unreferenced blobs younger than this were not examined
 *     (work in progress)
 */
public record IntegrityReport(long blobRows, long files, long outboxRows, long awaitingSweep, Map<Kind, Long> counts,
		List<Problem> problems, List<String> notListed, Duration olderThan) {

	/** How many problems of each kind are listed; all of them are counted. */
	public static final int LISTED = 50;

	public IntegrityReport {
		final Map<Kind, Long> ordered = new java.util.EnumMap<>( Kind.class );
		ordered.putAll( counts );
		counts = java.util.Collections.unmodifiableMap( ordered );
		problems = List.copyOf( problems );
		notListed = List.copyOf( notListed );
		Objects.requireNonNull( olderThan, "olderThan" );
	}

	/** What is wrong. */
	public enum Kind {
		/** A blob row whose file is missing from its storage service (or whose service is not configured). */
		ROW_WITHOUT_FILE( "blob rows without their file" ),
		/** A blob row whose file has another size than recorded. */
		DAMAGED_FILE( "files of another size than recorded" ),
		/** A blob row whose file the storage service failed to look up (an outage, a permission): not checked. */
		STORAGE_ERROR( "files the storage failed to look up" ),
		/** A file that no blob row describes and no outbox row accounts for: it will never be deleted. */
		FILE_WITHOUT_ROW( "files without a blob row" ),
		/** An outbox row whose delete is due and was not done: the after-commit work or the worker did not run. */
		DUE_OUTBOX_ROW( "outbox rows due and not processed" ),
		/**
		 * The intent of an upload whose transaction neither committed nor cleaned up after itself (a crash, a
		 * clean-up that failed): its file waits for the worker until the upload grace period is over. With an age
		 * of zero, an upload in flight is reported too.
		 */
		ABANDONED_UPLOAD( "uploads never committed, waiting for the outbox worker" ),
		/** A column value that names a blob row that does not exist (the foreign keys should make this impossible). */
		DANGLING_REFERENCE( "references to missing blob rows" );

		private final String title;

		Kind(String title) {
			this.title = title;
		}

		/** @return a short plural description, e.g. "blob rows without their file" */
		public String title() {
			return title;
		}
	}

	/**
	 * One disagreement.
	 *
	 * @param kind what is wrong
	 * @param description the key, row or column concerned, in words
	 */
	public record Problem(Kind kind, String description) {
		public Problem {
			Objects.requireNonNull( kind, "kind" );
			Objects.requireNonNull( description, "description" );
		}

		@Override
		public String toString() {
			return kind + ": " + description;
		}
	}

	/** @return {@code true} if no problem was found */
	public boolean sound() {
		return counts.isEmpty();
	}

	/** @return how many problems of {@code kind} were found */
	public long count(Kind kind) {
		return counts.getOrDefault( kind, 0L );
	}

	/** @return the listed problems of {@code kind} */
	public List<Problem> problems(Kind kind) {
		return problems.stream().filter( problem -> problem.kind() == kind ).toList();
	}

	/** @return the number of problems of all kinds */
	public long problemCount() {
		return counts.values().stream().mapToLong( Long::longValue ).sum();
	}

	/**
	 * @return the report for a person: one line of totals, then each kind of problem with its count and the
	 *     listed problems, one per line
	 */
	public String render() {
		final StringBuilder text = new StringBuilder();
		text.append( sound() ? "Attachments integrity: sound" : "Attachments integrity: " + problemCount() + " problem"
				+ ( problemCount() == 1 ? "" : "s" ) )
				.append( " (" ).append( blobRows ).append( " blob rows, " ).append( files ).append( " files, " )
				.append( outboxRows ).append( " outbox rows, " ).append( awaitingSweep ).append( " blobs awaiting sweep" );
		if ( !olderThan.isZero() ) {
			text.append( "; work younger than " ).append( olderThan ).append( " not examined" );
		}
		for ( String service : notListed ) {
			text.append( "; not listed: " ).append( service );
		}
		text.append( ')' );
		for ( Kind kind : Kind.values() ) {
			final long count = count( kind );
			if ( count == 0 ) {
				continue;
			}
			text.append( '\n' ).append( count ).append( ' ' ).append( kind.title() ).append( ':' );
			for ( Problem problem : problems( kind ) ) {
				text.append( "\n  " ).append( problem.description() );
			}
			if ( count > problems( kind ).size() ) {
				text.append( "\n  ... and " ).append( count - problems( kind ).size() ).append( " more" );
			}
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return render();
	}
}
