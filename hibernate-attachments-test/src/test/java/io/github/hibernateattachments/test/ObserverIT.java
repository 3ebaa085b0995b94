package io.github.hibernateattachments.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.OutboxStatus;
import io.github.hibernateattachments.SweepReport;
import io.github.hibernateattachments.spi.AttachmentsObserver;

import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What metrics and health checks read: the observer is told about stores, deletes, failed deletes, sweeps and
 * outbox runs; the outbox status counts what waits, what is due and what failed.
 */
@Setting(name = AttachmentsSettings.OBSERVER, value = "io.github.hibernateattachments.test.ObserverIT$Recording")
@Setting(name = AttachmentsSettings.PURGE_RETRY_DELAY, value = "0")
@Setting(name = AttachmentsSettings.SWEEP_GRACE_PERIOD, value = "0")
class ObserverIT {

	/** Records what it is told, as text. */
	public static class Recording implements AttachmentsObserver {
		static final List<String> EVENTS = new CopyOnWriteArrayList<>();

		@Override
		public void stored(String serviceName, long byteSize) {
			EVENTS.add( "stored " + serviceName + " " + byteSize );
		}

		@Override
		public void deleted(String serviceName, int files) {
			EVENTS.add( "deleted " + serviceName + " " + files );
		}

		@Override
		public void deleteFailed(String serviceName, int files) {
			EVENTS.add( "failed " + serviceName + " " + files );
		}

		@Override
		public void swept(SweepReport report, Duration took) {
			EVENTS.add( "swept " + report.deleted() + ( took.isNegative() ? " negative" : "" ) );
		}

		@Override
		public void outboxProcessed(OutboxReport report, Duration took) {
			EVENTS.add( "outbox " + report.deleted() + " deleted " + report.failed() + " failed" );
		}
	}

	@BeforeEach
	void clear() {
		Recording.EVENTS.clear();
	}

	@DatabaseTest
	void stores_deletes_failures_sweeps_and_outbox_runs_are_observed(Fixture fixture) throws Exception {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "12345".getBytes(), "a.txt" );
			owner.photos.add( Attachment.of( "123".getBytes(), "b.txt" ) );
			em.persist( owner );
			return owner.id;
		} );
		assertThat( Recording.EVENTS ).containsExactlyInAnyOrder( "stored disk 5", "stored disk 3" );

		Recording.EVENTS.clear();
		fixture.storage().failNextDeletes( 1 );
		fixture.inTransaction( em -> em.remove( em.find( Owner.class, id ) ) );
		assertThat( Recording.EVENTS ).containsExactlyInAnyOrder( "deleted disk 1", "failed disk 1" );
		final OutboxStatus waiting = fixture.attachments().outboxStatus();
		assertThat( waiting.rows() ).isEqualTo( 1 );
		assertThat( waiting.due() ).isEqualTo( 1 );
		assertThat( waiting.failing() ).isEqualTo( 1 );
		assertThat( waiting.oldestDue() ).isNotNull();

		Recording.EVENTS.clear();
		fixture.attachments().processOutbox();
		assertThat( Recording.EVENTS ).containsExactly( "deleted disk 1", "outbox 1 deleted 0 failed" );
		assertThat( fixture.attachments().outboxStatus() ).isEqualTo( new OutboxStatus( 0, 0, 0, null ) );

		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "bob" );
			owner.avatar = Attachment.of( "x".getBytes(), "x.txt" );
			em.persist( owner );
		} );
		fixture.execute( "update owners set avatar_blob_id = null" );
		Recording.EVENTS.clear();
		fixture.attachments().sweep();
		assertThat( Recording.EVENTS ).containsExactly( "deleted disk 1", "swept 1" );
	}
}
