package io.github.hibernateattachments.internal.event;

import java.util.List;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.internal.model.AttachedAttribute;
import io.github.hibernateattachments.internal.model.AttachmentAccess;
import io.github.hibernateattachments.internal.model.AttachmentModel;

import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.event.spi.EventSource;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;

/**
 * Carries pending attachments through {@code merge()}. Hibernate merges an embeddable by copying its persistent
 * state into a new instance, so the content of {@code Attachment.of(...)} (not persistent until stored) would
 * be lost and the owner stored with a NULL reference. After Hibernate's merge, each pending attachment of the
 * merged instance is put in place of its copy in the managed instance, where the flush stores it.
 */
public final class PendingMerge {

	private final AttachmentModel model;
	private final OwnerValues values;

	public PendingMerge(AttachmentModel model, OwnerValues values) {
		this.model = model;
		this.values = values;
	}

	/** @param original the instance given to {@code merge()}; @param result the managed instance */
	public void carry(EventSource session, Object original, Object result) {
		if ( original == null || result == null || original == result
				|| !model.mayHoldAttachments( session.bestGuessEntityName( result ) ) ) {
			return; // not an owner: nothing is looked at, no proxy is touched
		}
		final var lazy = HibernateProxy.extractLazyInitializer( original );
		final var lazyResult = HibernateProxy.extractLazyInitializer( result );
		if ( lazy != null && lazy.isUninitialized() || lazyResult != null && lazyResult.isUninitialized() ) {
			return; // an unloaded proxy holds nothing pending
		}
		final Object source = lazy == null ? original : lazy.getImplementation();
		final Object target = lazyResult == null ? result : lazyResult.getImplementation();
		final EntityEntry entry = session.getPersistenceContextInternal().getEntry( target );
		if ( entry == null || model.attributesOf( entry.getEntityName() ).isEmpty() ) {
			return;
		}
		final EntityPersister persister = entry.getPersister();
		for ( AttachedAttribute attribute : model.attributesOf( entry.getEntityName() ) ) {
			final int index = values.indexOf( persister, attribute );
			final Object merged = persister.getValue( source, index );
			if ( merged instanceof Attachment attachment ) {
				if ( isPending( attachment ) ) {
					persister.setValue( target, index, attachment );
				}
			}
			else if ( merged instanceof List<?> list && !OwnerValues.isUninitialized( list )
					&& persister.getValue( target, index ) instanceof List<?> copies && copies.size() == list.size() ) {
				@SuppressWarnings("unchecked")
				final List<Object> managed = (List<Object>) copies;
				for ( int i = 0; i < list.size(); i++ ) {
					if ( list.get( i ) instanceof Attachment attachment && isPending( attachment ) ) {
						managed.set( i, attachment );
					}
				}
			}
		}
	}

	private static boolean isPending(Attachment attachment) {
		return AttachmentAccess.pendingOf( attachment ) != null && AttachmentAccess.blobOf( attachment ) == null;
	}
}
