package io.github.hibernateattachments.spring.boot.actuate;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.OutboxStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The outbox of file deletes, as {@code /actuator/health/attachments}: rows waiting, rows due, rows whose
 * delete failed before, and since when the oldest due row waits. It is {@code UP} while the outbox can be read:
 * failed deletes are retried by the worker and do not make the application unhealthy (alert on
 * {@code failing} and {@code oldestDue}, or on the {@code attachments.delete.failures} metric); it is
 * {@code DOWN} when the database cannot be read.
 */
public class AttachmentsHealthIndicator extends AbstractHealthIndicator {

	private final Attachments attachments;

	public AttachmentsHealthIndicator(Attachments attachments) {
		super( "Unable to read the attachments outbox" );
		this.attachments = attachments;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		final OutboxStatus status = attachments.outboxStatus();
		builder.up().withDetail( "outboxRows", status.rows() ).withDetail( "due", status.due() )
				.withDetail( "failing", status.failing() );
		if ( status.oldestDue() != null ) {
			builder.withDetail( "oldestDue", status.oldestDue().toString() );
		}
	}
}
