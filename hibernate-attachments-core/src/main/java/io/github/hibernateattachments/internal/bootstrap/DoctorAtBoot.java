package io.github.hibernateattachments.internal.bootstrap;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.doctor.DoctorReport;
import io.github.hibernateattachments.doctor.SchemaDoctor;
import io.github.hibernateattachments.internal.bootstrap.AttachmentsConfig.DoctorMode;

import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.jboss.logging.Logger;

/**
 * Runs the schema doctor once the factory is built (after Hibernate's own schema management), without orphan
 * counts: {@code warn} logs the report, {@code fail} fails the boot with it. In {@code warn} mode nothing the doctor
 * does can fail the boot: a database it cannot read is logged and left alone.
 */
final class DoctorAtBoot implements SessionFactoryObserver {

	private static final Logger LOG = Logger.getLogger( DoctorAtBoot.class );

	private final DoctorMode mode;

	DoctorAtBoot(DoctorMode mode) {
		this.mode = mode;
	}

	@Override
	public void sessionFactoryCreated(SessionFactory factory) {
		final DoctorReport report;
		try {
			report = SchemaDoctor.of( factory ).countingOrphans( false ).examine();
		}
		catch (RuntimeException | LinkageError e) {
			if ( mode == DoctorMode.FAIL ) {
				throw new AttachmentException( "The schema doctor could not examine the database, and '"
						+ AttachmentsSettings.DOCTOR + "=fail' asks for it: " + e.getMessage(), e );
			}
			LOG.warnf( "The schema doctor could not examine the database (%s); '%s=off' skips it", e.getMessage(),
					AttachmentsSettings.DOCTOR );
			return;
		}
		if ( report.isClean() ) {
			LOG.infof( "Schema doctor: %s, in %d ms", report.summary(), report.took().toMillis() );
		}
		else if ( mode == DoctorMode.FAIL ) {
			throw new AttachmentException( report.render() + "\n'" + AttachmentsSettings.DOCTOR + "=fail' refuses to boot"
					+ " with these findings; 'warn' logs them instead" );
		}
		else {
			LOG.warnf( "%s\n('%s=fail' refuses to boot with findings, 'off' does not check; SchemaDoctor.of(emf).examine()"
					+ ".migration(version) writes the fixes)", report.render(), AttachmentsSettings.DOCTOR );
		}
	}
}
