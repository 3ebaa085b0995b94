package io.github.hibernateattachments.torture;

/** Where the child JVM of the crash tests halts, as a power cut or a {@code kill -9} would stop it. */
enum CrashPoint {

	AFTER_UPLOAD( "after an upload, before its intent is cleared" ),
	AFTER_COMMIT( "after commit, before the outbox runs" ),
	MID_BATCH_DELETE( "in the middle of a batch delete" ),
	MID_SWEEP( "in the middle of a sweep batch" ),
	MID_COPY( "in the middle of a copy to another service" );

	final String description;

	CrashPoint(String description) {
		this.description = description;
	}

	/** The exit status of a child that halted at its point. */
	static final int HALTED = 86;
}
