package io.github.hibernateattachments.internal;

import org.jboss.logging.Logger;

/** Calls the configured observer so that nothing it throws reaches the work it observes. */
public final class Observers {

	private static final Logger LOG = Logger.getLogger( Observers.class );

	private Observers() {
	}

	public static void tell(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException e) {
			LOG.warn( "The attachments observer failed; ignored", e );
		}
	}
}
