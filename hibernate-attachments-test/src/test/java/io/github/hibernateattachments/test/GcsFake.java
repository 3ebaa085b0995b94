package io.github.hibernateattachments.test;

import io.github.hibernateattachments.gcs.FakeGcsServer;

/**
 * One {@link FakeGcsServer} for the whole test run, with the bucket {@value #BUCKET}; started on first use. In
 * {@link Setting} values, {@code {gcs}} stands for its endpoint.
 */
public final class GcsFake {

	public static final String BUCKET = "attachments";

	private static FakeGcsServer server;

	private GcsFake() {
	}

	public static synchronized FakeGcsServer server() {
		if ( server == null ) {
			server = FakeGcsServer.start();
			server.createBucket( BUCKET );
		}
		return server;
	}
}
