package io.github.hibernateattachments.internal.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.hibernate.action.internal.EntityDeleteAction;
import org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.event.spi.EventSource;
import org.hibernate.proxy.HibernateProxy;
import org.jboss.logging.Logger;

/**
 * Row by row ordering inside a cycle of the {@link DeleteGraph} whose keys are readable to-one attributes (an
 * employee's manager): a row is deleted before the rows it references, within the positions the cycle's deletes
 * already occupy. It reads only loaded state; where a value is not loaded, or rows reference each other in a
 * cycle, it leaves the order as it is.
 */
final class RowOrder {

	private static final Logger LOG = Logger.getLogger( RowOrder.class );
	private static final Object UNKNOWN = new Object();

	private RowOrder() {
	}

	/**
	 * Within each cycle whose rows can be ordered, deletes a row before the rows it references, in the
	 * positions the cycle's deletes occupy.
	 */
	static void orderRows(EventSource session, List<EntityDeleteAction> deletions, int[] nodes, DeleteGraph graph) {
		Map<Integer, List<Integer>> positionsByComponent = null;
		for ( int i = 0; i < nodes.length; i++ ) {
			if ( nodes[i] >= 0 && graph.ordersRowsOf( nodes[i] ) ) {
				if ( positionsByComponent == null ) {
					positionsByComponent = new LinkedHashMap<>();
				}
				positionsByComponent.computeIfAbsent( graph.componentOf( nodes[i] ), c -> new ArrayList<>() ).add( i );
			}
		}
		if ( positionsByComponent == null ) {
			return;
		}
		for ( List<Integer> positions : positionsByComponent.values() ) {
			if ( positions.size() > 1 ) {
				final List<EntityDeleteAction> run = new ArrayList<>( positions.size() );
				positions.forEach( p -> run.add( deletions.get( p ) ) );
				final List<EntityDeleteAction> ordered = referencingFirstOrNull( session, run, graph );
				if ( ordered != null ) {
					for ( int p = 0; p < positions.size(); p++ ) {
						deletions.set( positions.get( p ), ordered.get( p ) );
					}
				}
			}
		}
	}

	/**
	 * @return the run with each row before the rows it references, the earliest first among those ready; or
	 * {@code null} to keep the run as it is: already in order, a value that cannot be read, or a cycle of rows
	 */
	private static List<EntityDeleteAction> referencingFirstOrNull(EventSource session, List<EntityDeleteAction> run,
			DeleteGraph graph) {
		final Map<EntityKey, Integer> positions = new HashMap<>();
		for ( int i = 0; i < run.size(); i++ ) {
			final EntityDeleteAction action = run.get( i );
			positions.put( session.generateEntityKey( action.getId(), action.getPersister() ), i );
		}
		final List<List<Integer>> referenced = new ArrayList<>( run.size() );
		final int[] referencing = new int[run.size()];
		boolean inOrder = true;
		for ( int i = 0; i < run.size(); i++ ) {
			final EntityDeleteAction action = run.get( i );
			final List<Integer> targets = new ArrayList<>( 1 );
			for ( String property : graph.rowReferencesOf( graph.nodeOf( action.getPersister().getEntityName() ) ) ) {
				final Object target = referencedValue( session, action, property );
				if ( target == UNKNOWN ) {
					return null;
				}
				final Integer position = target == null ? null : positions.get( (EntityKey) target );
				if ( position != null && position != i ) {
					targets.add( position );
					referencing[position]++;
					inOrder &= position > i;
				}
			}
			referenced.add( targets );
		}
		if ( inOrder ) {
			return null;
		}
		final PriorityQueue<Integer> ready = new PriorityQueue<>();
		for ( int i = 0; i < run.size(); i++ ) {
			if ( referencing[i] == 0 ) {
				ready.add( i );
			}
		}
		final List<EntityDeleteAction> ordered = new ArrayList<>( run.size() );
		while ( !ready.isEmpty() ) {
			final int i = ready.poll();
			ordered.add( run.get( i ) );
			for ( int target : referenced.get( i ) ) {
				if ( --referencing[target] == 0 ) {
					ready.add( target );
				}
			}
		}
		if ( ordered.size() < run.size() ) {
			LOG.debugf( "Rows of %s reference each other in a cycle: their deletes keep Hibernate's order",
					run.get( 0 ).getEntityName() );
			return null;
		}
		return ordered;
	}

	/**
	 * The key of the row a reference points to when the DELETE runs: the deleted state, in which Hibernate has
	 * nulled references it had to, except for columns it cannot update, which keep their loaded value;
	 * {@link #UNKNOWN} where the value is not loaded (an unloaded proxy's delete, an unfetched lazy attribute).
	 */
	private static Object referencedValue(EventSource session, EntityDeleteAction action, String property) {
		if ( action.getInstance() == null ) {
			return UNKNOWN;
		}
		final var persister = action.getPersister();
		final int index = persister.getPropertyIndex( property );
		final Object[] deletedState = action.getState();
		final Object value;
		if ( deletedState != null && persister.getPropertyUpdateability()[index] ) {
			value = deletedState[index];
		}
		else {
			final EntityEntry entry = session.getPersistenceContextInternal().getEntry( action.getInstance() );
			final Object[] loaded = entry == null ? null : entry.getLoadedState();
			if ( loaded == null && deletedState == null ) {
				return UNKNOWN;
			}
			value = loaded == null ? deletedState[index] : loaded[index];
		}
		if ( value == null ) {
			return null;
		}
		if ( value == LazyPropertyInitializer.UNFETCHED_PROPERTY ) {
			return UNKNOWN;
		}
		final var lazy = HibernateProxy.extractLazyInitializer( value );
		if ( lazy != null ) {
			return session.generateEntityKey( lazy.getInternalIdentifier(),
					session.getFactory().getMappingMetamodel().getEntityDescriptor( lazy.getEntityName() ) );
		}
		final EntityEntry entry = session.getPersistenceContextInternal().getEntry( value );
		return entry == null ? null : entry.getEntityKey();
	}

}
