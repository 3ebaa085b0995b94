package io.github.hibernateattachments.internal;

import java.util.HashSet;
import java.util.Set;

import io.github.hibernateattachments.AttachmentException;

import org.hibernate.HibernateException;
import org.hibernate.PropertyValueException;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.event.internal.DefaultDeleteEventListener;
import org.hibernate.event.spi.DeleteContext;
import org.hibernate.event.spi.DeleteEvent;
import org.hibernate.event.spi.EventSource;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;

/**
 * Hibernate's delete, minus a workaround the planner makes unnecessary. When an entity is removed after an
 * entity it references, Hibernate nulls the reference in the deleted state ("nullifies" it), which fails at
 * {@code remove()} for a NOT NULL column and costs an extra UPDATE for a nullable one. Where the
 * {@link DeletePlanner} will delete the referencing row first anyway, the referenced entity is hidden from
 * that nulling for the duration of this delete.
 */
final class PlannedDeleteEventListener extends DefaultDeleteEventListener {

	private final DeletePlanner planner;
	/** entity name -> index of each of its references' property, aligned with {@code referencesOf}. */
	private final java.util.Map<String, int[]> propertyIndexes = new java.util.concurrent.ConcurrentHashMap<>();

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
		catch (PropertyValueException e) {
			throw cycleOrRethrow( event, e );
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
		final Object entity = unproxied( event.getObject() );
		final EntityEntry entry = entity == null ? null : session.getPersistenceContextInternal().getEntry( entity );
		if ( entry == null ) {
			return Set.of();
		}
		final EntityPersister persister = entry.getPersister();
		final var references = planner.referencesOf( persister.getEntityName() );
		if ( references.isEmpty() ) {
			return Set.of();
		}
		final Object[] state = entry.getLoadedState() != null ? entry.getLoadedState() : persister.getValues( entity );
		final int[] indexes = propertyIndexes.computeIfAbsent( persister.getEntityName(),
				name -> indexesOf( persister, references ) );
		Set<EntityKey> hidden = Set.of();
		for ( int r = 0; r < indexes.length; r++ ) {
			final Object value = indexes[r] < 0 ? null : state[indexes[r]];
			if ( value != null && planner.ordersBefore( persister.getRootEntityName(), references.get( r ) ) ) {
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

	private static int[] indexesOf(EntityPersister persister, java.util.List<DeletePlanner.Reference> references) {
		final java.util.List<String> names = java.util.List.of( persister.getPropertyNames() );
		return references.stream().mapToInt( reference -> names.indexOf( reference.property() ) ).toArray();
	}

	private static Object unproxied(Object object) {
		final var lazy = HibernateProxy.extractLazyInitializer( object );
		return lazy == null ? object : lazy.getImplementation();
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

	/**
	 * A NOT NULL reference to an entity deleted earlier, between hierarchies that reference each other in a
	 * cycle: no delete order can satisfy both foreign keys. Say so, naming the cycle.
	 */
	private RuntimeException cycleOrRethrow(DeleteEvent event, PropertyValueException e) {
		final EntityEntry entry = event.getSession().getPersistenceContextInternal().getEntry( unproxied( event.getObject() ) );
		if ( entry != null && planner.isInCycle( entry.getPersister().getRootEntityName() ) ) {
			return new AttachmentException( "Unable to delete " + AttachedAttribute.simpleName( entry.getEntityName() )
					+ "#" + entry.getId() + ": its NOT NULL reference '" + e.getPropertyName() + "' points to an entity"
					+ " deleted earlier in this flush, and " + planner.cycleOf( entry.getPersister().getRootEntityName() )
					+ " reference each other in a cycle of foreign keys, so no delete order satisfies them all."
					+ " Make one of the references nullable, or set it to null and flush before deleting", e );
		}
		return e;
	}
}
