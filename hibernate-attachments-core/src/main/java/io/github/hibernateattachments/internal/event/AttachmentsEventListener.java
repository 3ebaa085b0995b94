package io.github.hibernateattachments.internal.event;

import io.github.hibernateattachments.internal.AttachmentsRuntime;

import org.hibernate.HibernateException;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.service.spi.DuplicationStrategy;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.AutoFlushEvent;
import org.hibernate.event.spi.AutoFlushEventListener;
import org.hibernate.event.spi.DeleteContext;
import org.hibernate.event.spi.DeleteEvent;
import org.hibernate.event.spi.DeleteEventListener;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEvent;
import org.hibernate.event.spi.FlushEventListener;
import org.hibernate.event.spi.MergeContext;
import org.hibernate.event.spi.MergeEvent;
import org.hibernate.event.spi.MergeEventListener;
import org.hibernate.event.spi.PersistContext;
import org.hibernate.event.spi.PersistEvent;
import org.hibernate.event.spi.PersistEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;

/**
 * The extension's only event listener, prepended to Hibernate's own so that it acts before them (appended for
 * merge, so that it acts after):
 * <ul>
 *     <li>persist: stores the pending attachments of a new owner before it is inserted;</li>
 *     <li>flush and auto-flush: {@link FlushPreparation} (policy checks, uploads, purges);</li>
 *     <li>delete: applies the owner's purge policies (RESTRICT fails before anything is deleted);</li>
 *     <li>merge: carries pending attachments into the managed instance ({@link PendingMerge}).</li>
 * </ul>
 * No file is touched here: files are written before the flush that references them and deleted after the
 * commit that unreferences them.
 */
public final class AttachmentsEventListener
		implements PersistEventListener, FlushEventListener, AutoFlushEventListener, DeleteEventListener, MergeEventListener {

	private final AttachmentsRuntime runtime;
	private final FlushPreparation preparation;
	private final PendingMerge merge;

	public AttachmentsEventListener(AttachmentsRuntime runtime) {
		this.runtime = runtime;
		final OwnerValues values = new OwnerValues();
		this.preparation = new FlushPreparation( runtime, values );
		this.merge = new PendingMerge( runtime.model(), values );
	}

	public void registerTo(EventListenerRegistry registry) {
		registry.addDuplicationStrategy( new DuplicationStrategy() {
			@Override
			public boolean areMatch(Object listener, Object original) {
				return listener instanceof AttachmentsEventListener && original instanceof AttachmentsEventListener;
			}

			@Override
			public Action getAction() {
				return Action.KEEP_ORIGINAL;
			}
		} );
		registry.prependListeners( EventType.PERSIST, this );
		registry.prependListeners( EventType.PERSIST_ONFLUSH, this );
		registry.prependListeners( EventType.FLUSH, this );
		registry.prependListeners( EventType.AUTO_FLUSH, this );
		registry.prependListeners( EventType.DELETE, this );
		// after Hibernate's merge, which sets the managed instance as the event's result
		registry.appendListeners( EventType.MERGE, this );
	}

	@Override
	public void onPersist(PersistEvent event) throws HibernateException {
		beforePersist( event );
	}

	@Override
	public void onPersist(PersistEvent event, PersistContext createdAlready) throws HibernateException {
		beforePersist( event );
	}

	private void beforePersist(PersistEvent event) {
		final Object entity = event.getObject();
		if ( entity == null || entity instanceof HibernateProxy ) {
			return;
		}
		final var session = event.getSession();
		final EntityEntry entry = session.getPersistenceContextInternal().getEntry( entity );
		if ( entry != null ) {
			return; // already managed: the flush takes care of it
		}
		final EntityPersister persister;
		try {
			persister = session.getEntityPersister( event.getEntityName(), entity );
		}
		catch (HibernateException notAnEntity) {
			return; // Hibernate's own listener reports it
		}
		if ( !runtime.model().attributesOf( persister.getEntityName() ).isEmpty() ) {
			preparation.storePending( session, entity, persister, persister.getIdentifier( entity, session ) );
		}
	}

	@Override
	public void onFlush(FlushEvent event) throws HibernateException {
		preparation.prepare( event.getSession() );
	}

	@Override
	public void onAutoFlush(AutoFlushEvent event) throws HibernateException {
		// the same test Hibernate's own auto-flush makes: our own queries (NO_FLUSH) and queries in MANUAL or
		// COMMIT mode must not trigger uploads or purges
		final var session = event.getSession();
		final boolean mightFlush = switch ( session.getHibernateFlushMode() ) {
			case ALWAYS -> true;
			case AUTO -> event.getQuerySpaces() == null || !event.getQuerySpaces().isEmpty();
			case MANUAL, COMMIT -> false;
		};
		if ( mightFlush ) {
			preparation.prepare( session );
		}
	}

	@Override
	public void onDelete(DeleteEvent event) throws HibernateException {
		beforeDelete( event );
	}

	@Override
	public void onDelete(DeleteEvent event, DeleteContext transientEntities) throws HibernateException {
		beforeDelete( event );
	}

	@Override
	public void onMerge(MergeEvent event) throws HibernateException {
		merge.carry( event.getSession(), event.getOriginal(), event.getResult() );
	}

	@Override
	public void onMerge(MergeEvent event, MergeContext copiedAlready) throws HibernateException {
		merge.carry( event.getSession(), event.getOriginal(), event.getResult() );
	}

	/**
	 * Applies the purge policies of an owner being removed. Looks at nothing else: an entity that cannot hold
	 * attachments is not touched, and a proxy only when it is one of an owner and belongs to this session,
	 * where loading it is the one query that finds its blobs. Detached and transient instances are left to
	 * Hibernate's own listener.
	 */
	private void beforeDelete(DeleteEvent event) {
		final var session = event.getSession();
		Object entity = event.getObject();
		final var lazy = HibernateProxy.extractLazyInitializer( entity );
		if ( lazy != null ) {
			if ( !runtime.model().mayHoldAttachments( lazy.getEntityName() ) || lazy.getSession() != session ) {
				return;
			}
			entity = lazy.getImplementation(); // loads an unloaded owner: its blob ids are needed
		}
		final EntityEntry entry = session.getPersistenceContextInternal().getEntry( entity );
		if ( entry == null || entry.getStatus() != Status.MANAGED ) {
			return; // transient, detached or already deleted: Hibernate's own listener decides
		}
		if ( !runtime.model().attributesOf( entry.getEntityName() ).isEmpty() ) {
			preparation.ownerRemoved( session, entity, entry );
		}
	}
}
