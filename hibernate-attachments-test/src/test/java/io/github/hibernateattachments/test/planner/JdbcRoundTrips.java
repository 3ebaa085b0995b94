package io.github.hibernateattachments.test.planner;

import java.util.concurrent.atomic.AtomicInteger;

import org.hibernate.SessionEventListener;

/**
 * Counts JDBC round trips of the sessions it is installed in ({@code hibernate.session.events.auto}):
 * executed batches, and statements executed outside a batch.
 */
public final class JdbcRoundTrips implements SessionEventListener {

	public static final AtomicInteger BATCHES = new AtomicInteger();
	public static final AtomicInteger STATEMENTS = new AtomicInteger();

	public static void reset() {
		BATCHES.set( 0 );
		STATEMENTS.set( 0 );
	}

	@Override
	public void jdbcExecuteBatchEnd() {
		BATCHES.incrementAndGet();
	}

	@Override
	public void jdbcExecuteStatementEnd() {
		STATEMENTS.incrementAndGet();
	}
}
