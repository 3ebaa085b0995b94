package io.github.hibernateattachments.internal;

import java.lang.reflect.Field;
import java.util.List;

import org.hibernate.action.internal.EntityDeleteAction;
import org.hibernate.engine.spi.ActionQueue;
import org.hibernate.engine.spi.ExecutableList;
import org.jboss.logging.Logger;

/**
 * The one place that reaches into Hibernate ORM internals: the list of queued entity deletions of an
 * {@link ActionQueue}, which has no public accessor in ORM 6.6 and 7.x. Checked once at boot; when the fields
 * are not where expected (an ORM upgrade moved them), {@link #isDeleteOrderingSupported()} is false, a warning
 * is logged, and Hibernate's own order is kept. {@code HibernateInternalsTest} fails loudly in that case.
 */
final class HibernateInternals {

	private static final Logger LOG = Logger.getLogger( HibernateInternals.class );

	private static final Field DELETIONS = field( ActionQueue.class, "deletions" );
	private static final Field EXECUTABLES = field( ExecutableList.class, "executables" );

	private HibernateInternals() {
	}

	static boolean isDeleteOrderingSupported() {
		return DELETIONS != null && EXECUTABLES != null;
	}

	/**
	 * @return the live list of queued deletions, in execution order, or {@code null} if none are queued or the
	 * internals are not accessible
	 */
	@SuppressWarnings("unchecked")
	static List<EntityDeleteAction> deletionsOrNull(ActionQueue actionQueue) {
		if ( !isDeleteOrderingSupported() ) {
			return null;
		}
		try {
			final Object executableList = DELETIONS.get( actionQueue );
			return executableList == null ? null : (List<EntityDeleteAction>) EXECUTABLES.get( executableList );
		}
		catch (IllegalAccessException | ClassCastException e) {
			LOG.warn( "Unable to read Hibernate's queued deletions; deletes run in Hibernate's order", e );
			return null;
		}
	}

	private static Field field(Class<?> type, String name) {
		try {
			final Field field = type.getDeclaredField( name );
			field.setAccessible( true );
			if ( !List.class.isAssignableFrom( field.getType() ) && !ExecutableList.class.isAssignableFrom( field.getType() ) ) {
				throw new NoSuchFieldException( name + " has unexpected type " + field.getType() );
			}
			return field;
		}
		catch (NoSuchFieldException | RuntimeException e) {
			LOG.warnf( "Hibernate ORM internals changed (%s.%s: %s): the child-first delete planner is off and"
					+ " deletes run in the order remove() was called", type.getSimpleName(), name, e.getMessage() );
			return null;
		}
	}
}
