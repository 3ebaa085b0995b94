package io.github.hibernateattachments.internal.planner;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hibernateattachments.internal.HibernateInternals;

import org.hibernate.HibernateException;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.event.internal.DefaultDeleteEventListener;
import org.hibernate.event.spi.DeleteContext;
import org.hibernate.event.spi.DeleteEvent;
import org.hibernate.event.spi.EventSource;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.type.EntityType;

/**
 * Hibernate's delete, minus a workaround the planner makes unnecessary. When an entity is removed after an
 * entity it references, Hibernate nulls the reference in the deleted state ("nullifies" it), which fails at
 * {@code remove()} for a NOT NULL column and costs an extra UPDATE for a nullable one. Where the
 * {@link DeletePlanner} deletes the referencing row first in any case, the referenced entity is hidden from
 * that nulling for the duration of this delete. Only loaded entities are looked at: a proxy is never
 * initialized here, and an unloaded one is left entirely to Hibernate.
 */
final class PlannedDeleteEventListener extends DefaultDeleteEventListener {

	private final DeletePlanner planner;
	/** entity name -> indexes of its to-one attributes (entity-typed properties) */
	private final Map<String, int[]> toOneIndexes = new ConcurrentHashMap<>();

	PlannedDeleteEventListener(DeletePlanner planner) {
		this.planner = planner;
	}

	@Override
	public void onDelete(DeleteEvent event, DeleteContext transientEntities) throws HibernateException {
		final EventSource session = event.getSession();
		final var persistenceContext = session.getPersistenceContextInternal();
		final Set<EntityKey> nullifiable = persistenceContext.isNullifiableEntityKeysEmpty()
				? null
				: HibernateInternals.nullifiableKeysOrNull( persistenceContext );
		final Set<EntityKey> hidden = nullifiable == null ? Set.of() : hide( event, nullifiable );
		try {
			super.onDelete( event, transientEntities );
		}
		finally {
			if ( !hidden.isEmpty() ) {
				nullifiable.addAll( hidden );
			}
		}
	}

	/** Removes, from the nullifiable keys, the entities this one references that the planner deletes later. */
	private Set<EntityKey> hide(DeleteEvent event, Set<EntityKey> nullifiable) {
		final EventSource session = event.getSession();
		final Object entity = loadedOrNull( event.getObject() );
		final EntityEntry entry = entity == null ? null : session.getPersistenceContextInternal().getEntry( entity );
		final Object[] state = entry == null ? null : entry.getLoadedState();
		if ( state == null ) {
			return Set.of();
		}
		final EntityPersister persister = entry.getPersister();
		Set<EntityKey> hidden = Set.of();
		for ( int index : toOneIndexes.computeIfAbsent( persister.getEntityName(), name -> toOneIndexesOf( persister ) ) ) {
			final Object value = state[index];
			if ( value != null && planner.ordersBefore( session, persister.getEntityName(), persister.getPropertyNames()[index] ) ) {
				final EntityKey key = keyOf( session, value );
				if ( key != null && nullifiable.remove( key ) ) {
					if ( hidden.isEmpty() ) {
						hidden = new HashSet<>();
					}
					hidden.add( key );
				}
			}
		}
		return hidden;
	}

	private static int[] toOneIndexesOf(EntityPersister persister) {
		final var types = persister.getPropertyTypes();
		return java.util.stream.IntStream.range( 0, types.length ).filter( i -> types[i] instanceof EntityType ).toArray();
	}

	/** @return the entity, or the implementation of an initialized proxy; {@code null} for an unloaded proxy */
	private static Object loadedOrNull(Object object) {
		final var lazy = HibernateProxy.extractLazyInitializer( object );
		if ( lazy == null ) {
			return object;
		}
		return lazy.isUninitialized() ? null : lazy.getImplementation();
	}

	private static EntityKey keyOf(EventSource session, Object referenced) {
		final var lazy = HibernateProxy.extractLazyInitializer( referenced );
		if ( lazy != null ) {
			final var persister = session.getFactory().getMappingMetamodel().getEntityDescriptor( lazy.getEntityName() );
			return session.generateEntityKey( lazy.getInternalIdentifier(), persister );
		}
		final EntityEntry entry = session.getPersistenceContextInternal().getEntry( referenced );
		return entry == null ? null : entry.getEntityKey();
	}
}
