package io.github.hibernateattachments.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Keeps track of the open SessionFactories of the JVM (registered through {@code META-INF/services}), so that
 * the {@link AttachmentsExtension} can check the units a test uses without being told which they are. Holds
 * them from boot until they close; changes nothing in them.
 */
public final class OpenUnits implements Integrator {

	private static final List<SessionFactoryImplementor> OPEN = new CopyOnWriteArrayList<>();

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
		OPEN.add( sessionFactory );
	}

	@Override
	public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
		OPEN.remove( sessionFactory );
	}

	/** @return the SessionFactories booted and not closed yet, oldest first */
	static List<SessionFactoryImplementor> open() {
		return OPEN.stream().filter( factory -> !factory.isClosed() ).toList();
	}
}
