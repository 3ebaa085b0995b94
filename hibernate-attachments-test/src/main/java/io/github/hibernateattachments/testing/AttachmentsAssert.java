package io.github.hibernateattachments.testing;

import java.time.Duration;
import java.util.Objects;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.OutboxStatus;

import jakarta.persistence.EntityManagerFactory;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the attachments of a persistence unit: {@code assertThat(entityManagerFactory).isSound()}. The
 * first assertion of a chain reads the database and the storage ({@link Attachments#checkIntegrity}); a failure
 * shows the whole {@linkplain IntegrityReport#render() integrity report}.
 *
 * @see AttachmentsAssertions#assertThat(EntityManagerFactory)
 */
public final class AttachmentsAssert extends AbstractAssert<AttachmentsAssert, EntityManagerFactory> {

	private Duration olderThan = Duration.ZERO;
	private IntegrityReport report;

	AttachmentsAssert(EntityManagerFactory actual) {
		super( actual, AttachmentsAssert.class );
	}

	/**
	 * Leaves files and unreferenced blobs younger than {@code age} out of the following assertions: for a unit
	 * where uploads may be in flight while the test asserts.
	 */
	public AttachmentsAssert ignoringYoungerThan(Duration age) {
		Objects.requireNonNull( age, "age" );
		this.olderThan = age;
		this.report = null;
		return myself;
	}

	/**
	 * @return the integrity report of the unit, read once by the first assertion of this chain (the following
	 *     ones look at the same moment); {@code assertThat(emf)} again reads anew
	 */
	public IntegrityReport report() {
		isNotNull();
		if ( report == null ) {
			report = Attachments.of( actual ).checkIntegrity( olderThan );
		}
		return report;
	}

	/**
	 * Verifies that database and storage agree: every blob row has its file, every file has its row (or an
	 * outbox row), no outbox delete is overdue, no column references a missing blob.
	 */
	public AttachmentsAssert isSound() {
		final IntegrityReport report = report();
		if ( !report.sound() ) {
			failWithMessage( "Expected the attachments to be sound, but:%n%s", report.render() );
		}
		return myself;
	}

	/**
	 * Verifies {@link #isSound()}, and that no blob awaits the sweeper: nothing references every blob row that
	 * exists (bulk deletes and database cascades leave such blobs until a sweep).
	 */
	public AttachmentsAssert isSoundWithNothingToSweep() {
		final IntegrityReport report = report();
		if ( !report.sound() || report.awaitingSweep() > 0 ) {
			failWithMessage( "Expected the attachments to be sound with nothing to sweep, but:%n%s", report.render() );
		}
		return myself;
	}

	/** Verifies that the unit has exactly {@code count} blob rows (each with its file, if the unit is sound). */
	public AttachmentsAssert hasBlobs(long count) {
		final IntegrityReport report = report();
		if ( report.blobRows() != count ) {
			failWithMessage( "Expected %s blob rows, but there are %s:%n%s", count, report.blobRows(), report.render() );
		}
		return myself;
	}

	/** Verifies that the storage services hold exactly {@code count} files. */
	public AttachmentsAssert hasFiles(long count) {
		final IntegrityReport report = report();
		if ( report.files() != count ) {
			failWithMessage( "Expected %s files in storage, but there are %s:%n%s", count, report.files(), report.render() );
		}
		return myself;
	}

	/** Verifies that the outbox is empty: no file delete waits, no upload is in flight or abandoned. */
	public AttachmentsAssert hasEmptyOutbox() {
		isNotNull();
		final OutboxStatus status = Attachments.of( actual ).outboxStatus();
		if ( status.rows() > 0 ) {
			failWithMessage( "Expected an empty outbox, but it has %s rows (%s due, %s failed before)", status.rows(),
					status.due(), status.failing() );
		}
		return myself;
	}
}
