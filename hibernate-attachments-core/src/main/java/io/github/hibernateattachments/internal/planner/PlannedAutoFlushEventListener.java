package io.github.hibernateattachments.internal.planner;

import org.hibernate.event.internal.DefaultAutoFlushEventListener;
import org.hibernate.event.spi.EventSource;

/**
 * Hibernate's auto-flush (before queries), with the queued deletions sorted by the {@link DeletePlanner}.
 */
final class PlannedAutoFlushEventListener extends DefaultAutoFlushEventListener {

	private final DeletePlanner planner;

	PlannedAutoFlushEventListener(DeletePlanner planner) {
		this.planner = planner;
	}

	@Override
	protected void performExecutions(EventSource session) {
		planner.sort( session );
		super.performExecutions( session );
	}
}
