package io.github.hibernateattachments.spi;

import java.time.Duration;

import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.SweepReport;

/**
 * Told what the extension does, for metrics: files stored and deleted per storage service, deletes that failed,
 * each sweep and each outbox run. Set through {@code hibernate.attachments.observer} (an instance, or the name of
 * a class with a public no-argument constructor); the Spring Boot auto-configuration sets one that records
 * Micrometer metrics.
 * <p>
 * Methods are called on the thread doing the work, after it is done; they must be quick and must not throw
 * (what they throw is logged and ignored). Every method does nothing by default.
 */
public interface AttachmentsObserver {

	/** An observer that does nothing. */
	AttachmentsObserver NONE = new AttachmentsObserver() {
	};

	/** A file was stored (its transaction may still roll back, which deletes it again). */
	default void stored(String serviceName, long byteSize) {
	}

	/** Files were deleted from storage: purges after commit, by the worker, or uploads rolled back. */
	default void deleted(String serviceName, int files) {
	}

	/** Deletes failed; their outbox rows stay and the worker retries them. */
	default void deleteFailed(String serviceName, int files) {
	}

	/** A sweep ended. */
	default void swept(SweepReport report, Duration took) {
	}

	/** A run of the outbox worker ended. */
	default void outboxProcessed(OutboxReport report, Duration took) {
	}
}
