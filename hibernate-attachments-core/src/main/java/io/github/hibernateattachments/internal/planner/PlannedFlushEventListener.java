package io.github.hibernateattachments.internal.planner;

import org.hibernate.event.internal.DefaultFlushEventListener;
import org.hibernate.event.spi.EventSource;

/**
 * Hibernate's flush, with the queued deletions sorted by the {@link DeletePlanner} just before they run.
 */
final class PlannedFlushEventListener extends DefaultFlushEventListener {

	private final DeletePlanner planner;

	PlannedFlushEventListener(DeletePlanner planner) {
		this.planner = planner;
	}

	@Override
	protected void performExecutions(EventSource session) {
		planner.sort( session );
		super.performExecutions( session );
	}
}
