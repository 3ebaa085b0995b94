package io.github.hibernateattachments.gcs;

/**
 * Runs a {@link FakeGcsServer} in a process of its own (for benchmarks that measure the application's heap, not
 * the fake's): creates the buckets named as arguments, prints {@code endpoint <url>}, and stops when its standard
 * input closes.
 */
public final class FakeGcsServerMain {

	private FakeGcsServerMain() {
	}

	public static void main(String[] args) throws Exception {
		try ( FakeGcsServer server = FakeGcsServer.start() ) {
			for ( String bucket : args ) {
				server.createBucket( bucket );
			}
			System.out.println( "endpoint " + server.endpoint() );
			System.out.flush();
			while ( System.in.read() >= 0 ) {
				// wait for the parent to close our input
			}
		}
	}
}
