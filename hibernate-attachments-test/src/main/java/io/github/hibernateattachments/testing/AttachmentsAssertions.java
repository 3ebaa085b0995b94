package io.github.hibernateattachments.testing;

import java.time.Duration;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.IntegrityReport;

import jakarta.persistence.EntityManagerFactory;

/**
 * Entry points of the test kit's assertions:
 * <pre>
 * import static io.github.hibernateattachments.testing.AttachmentsAssertions.assertThat;
 *
 * assertThat(entityManagerFactory).isSound().hasBlobs(1);
 * </pre>
 */
public final class AttachmentsAssertions {

	private AttachmentsAssertions() {
	}

	/** @return assertions on the attachments of {@code entityManagerFactory} (Spring's proxy of it works too) */
	public static AttachmentsAssert assertThat(EntityManagerFactory entityManagerFactory) {
		return new AttachmentsAssert( entityManagerFactory );
	}

	/**
	 * Checks the integrity of {@code entityManagerFactory}'s attachments, without AssertJ's fluent style.
	 *
	 * @return the report, if sound
	 * @throws AssertionError with the report, if anything is wrong
	 */
	public static IntegrityReport assertSound(EntityManagerFactory entityManagerFactory) {
		final IntegrityReport report = Attachments.of( entityManagerFactory ).checkIntegrity( Duration.ZERO );
		if ( !report.sound() ) {
			throw new AssertionError( report.render() );
		}
		return report;
	}
}
