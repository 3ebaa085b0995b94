package io.github.hibernateattachments.spring.boot.actuate;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.SweepReport;
import io.github.hibernateattachments.spi.AttachmentsObserver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer metrics of the extension, tagged with the storage service where there is one:
 * <ul>
 * <li>{@code attachments.stored} files stored, {@code attachments.stored.bytes} their bytes;</li>
 * <li>{@code attachments.deleted} files deleted, {@code attachments.delete.failures} deletes that failed (the
 * worker retries them);</li>
 * <li>{@code attachments.sweep} the duration of each sweep, {@code attachments.sweep.purged} the blobs it
 * purged;</li>
 * <li>{@code attachments.outbox} the duration of each run of the outbox worker.</li>
 * </ul>
 * The registry is looked up on the first event, not when Hibernate starts.
 */
public class MicrometerAttachmentsObserver implements AttachmentsObserver {

	private final Supplier<MeterRegistry> registry;

	public MicrometerAttachmentsObserver(Supplier<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void stored(String serviceName, long byteSize) {
		final MeterRegistry meters = registry.get();
		if ( meters != null ) {
			Counter.builder( "attachments.stored" ).description( "Files stored" ).tag( "service", serviceName )
					.register( meters ).increment();
			Counter.builder( "attachments.stored.bytes" ).description( "Bytes stored" ).baseUnit( "bytes" )
					.tag( "service", serviceName ).register( meters ).increment( byteSize );
		}
	}

	@Override
	public void deleted(String serviceName, int files) {
		final MeterRegistry meters = registry.get();
		if ( meters != null ) {
			Counter.builder( "attachments.deleted" ).description( "Files deleted from storage" ).tag( "service", serviceName )
					.register( meters ).increment( files );
		}
	}

	@Override
	public void deleteFailed(String serviceName, int files) {
		final MeterRegistry meters = registry.get();
		if ( meters != null ) {
			Counter.builder( "attachments.delete.failures" ).description( "File deletes that failed; the outbox worker retries them" )
					.tag( "service", serviceName ).register( meters ).increment( files );
		}
	}

	@Override
	public void swept(SweepReport report, Duration took) {
		final MeterRegistry meters = registry.get();
		if ( meters != null ) {
			Timer.builder( "attachments.sweep" ).description( "Sweeps of unreferenced blobs" ).register( meters ).record( took );
			Counter.builder( "attachments.sweep.purged" ).description( "Unreferenced blobs purged by sweeps" )
					.register( meters ).increment( report.deleted() );
		}
	}

	@Override
	public void outboxProcessed(OutboxReport report, Duration took) {
		final MeterRegistry meters = registry.get();
		if ( meters != null ) {
			Timer.builder( "attachments.outbox" ).description( "Runs of the outbox worker" ).register( meters ).record( took );
		}
	}
}
