package io.github.hibernateattachments.bench;

import java.util.concurrent.atomic.AtomicInteger;

import org.hibernate.SessionEventListener;

/**
 * Counts the JDBC round trips of the sessions it is installed in ({@code hibernate.session.events.auto}):
 * executed batches, and statements executed outside a batch. For {@link DeletePlannerBenchmark}, which reads
 * and resets the counters around its timed section (one session at a time).
 */
public final class JdbcRoundTripCounter implements SessionEventListener {

	static final AtomicInteger BATCHES = new AtomicInteger();
	static final AtomicInteger STATEMENTS = new AtomicInteger();

	static void reset() {
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
