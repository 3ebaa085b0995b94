package io.github.hibernateattachments.internal;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;

import org.hibernate.action.internal.EntityDeleteAction;
import org.hibernate.engine.spi.ActionQueue;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.engine.spi.ExecutableList;
import org.hibernate.engine.spi.PersistenceContext;
import org.jboss.logging.Logger;

/**
 * The one place that reaches into Hibernate ORM internals, which have no public accessor in ORM 6.6 and 7.x:
 * <ul>
 *     <li>the list of queued entity deletions of an {@link ActionQueue}, which the planner sorts;</li>
 *     <li>the persistence context's "nullifiable" entity keys: the entities deleted earlier in the flush cycle,
 *     whose references Hibernate nulls out in the state of entities deleted after them.</li>
 * </ul>
 * Checked once at boot; when a field is not where expected (an ORM upgrade moved it), the feature that needs
 * it is off, a warning is logged, and Hibernate's own behaviour is kept. {@code HibernateInternalsTest} fails
 * loudly in that case. The flush and delete listeners the planner installs extend Hibernate's default ones
 * ({@code org.hibernate.event.internal}), overriding only protected or public methods.
 */
public final class HibernateInternals {

	private static final Logger LOG = Logger.getLogger( HibernateInternals.class );

	private static final Field DELETIONS = field( ActionQueue.class, "deletions" );
	private static final Field EXECUTABLES = field( ExecutableList.class, "executables" );
	private static final String PERSISTENCE_CONTEXT_CLASS = "org.hibernate.engine.internal.StatefulPersistenceContext";
	private static final Field NULLIFIABLE_KEYS = field( classOrNull( PERSISTENCE_CONTEXT_CLASS ), "nullifiableEntityKeys" );

	private HibernateInternals() {
	}

	public static boolean isDeleteOrderingSupported() {
		return DELETIONS != null && EXECUTABLES != null;
	}

	/**
	 * @return the live list of queued deletions, in execution order, or {@code null} if none are queued or the
	 * internals are not accessible
	 */
	@SuppressWarnings("unchecked")
	public static List<EntityDeleteAction> deletionsOrNull(ActionQueue actionQueue) {
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

	/** Who orders a flush's deletes. */
	public enum DeleteOrdering {
		/** This extension's planner (Hibernate ORM 6.6 and 7.x, which run deletes in remove() call order). */
		PLANNER,
		/** Hibernate itself: ORM 8's graph-based flush queue (its default) orders deletes child-first. */
		NATIVE,
		/** Neither: ORM 8's legacy queue, whose internals this build cannot reach. */
		UNSUPPORTED
	}

	/** ORM 8's setting choosing the flush queue ({@code FlushSettings.FLUSH_QUEUE_TYPE}): "graph" (default) or "legacy". */
	public static final String FLUSH_QUEUE_TYPE = "hibernate.flush.queue.type";

	/**
	 * Decides who orders deletes for a Hibernate ORM version and its settings. ORM 8 changed
	 * {@code EventSource.getActionQueue()}'s return type, so code compiled against 7.x must not call it there.
	 */
	public static DeleteOrdering deleteOrdering(String hibernateVersion, Object flushQueueType) {
		final int major = majorVersion( hibernateVersion );
		if ( major < 8 ) {
			return isDeleteOrderingSupported() ? DeleteOrdering.PLANNER : DeleteOrdering.UNSUPPORTED;
		}
		final boolean legacy = flushQueueType != null && "legacy".equalsIgnoreCase( flushQueueType.toString().trim() );
		return legacy ? DeleteOrdering.UNSUPPORTED : DeleteOrdering.NATIVE;
	}

	private static int majorVersion(String version) {
		try {
			return Integer.parseInt( version.substring( 0, version.indexOf( '.' ) ) );
		}
		catch (RuntimeException e) {
			return 7; // unknown: assume the version we are built against
		}
	}

	/**
	 * Runs a query without the automatic flush, so that the extension's own queries never re-enter the flush
	 * they are part of. ({@code org.hibernate.query.QueryFlushMode} moves to Jakarta Persistence 4 in ORM 8.)
	 */
	@SuppressWarnings("removal")
	public static <Q extends org.hibernate.query.CommonQueryContract> Q withoutAutoFlush(Q query) {
		query.setQueryFlushMode( org.hibernate.query.QueryFlushMode.NO_FLUSH );
		return query;
	}

	/** @return whether {@link #nullifiableKeysOrNull} can work in this Hibernate ORM */
	public static boolean isNullificationControlSupported() {
		return NULLIFIABLE_KEYS != null;
	}

	/**
	 * @return the live set of entity keys whose references Hibernate nulls out when another entity is deleted
	 * after them ("nullifiable" keys: entities deleted earlier in this flush cycle), or {@code null} if there is
	 * none yet or the internals are not accessible
	 */
	@SuppressWarnings("unchecked")
	public static Set<EntityKey> nullifiableKeysOrNull(PersistenceContext persistenceContext) {
		if ( NULLIFIABLE_KEYS == null || persistenceContext.getClass() != NULLIFIABLE_KEYS.getDeclaringClass() ) {
			return null;
		}
		try {
			return (Set<EntityKey>) NULLIFIABLE_KEYS.get( persistenceContext );
		}
		catch (IllegalAccessException | ClassCastException e) {
			LOG.warn( "Unable to read Hibernate's nullifiable entity keys; references to deleted entities are nulled as usual", e );
			return null;
		}
	}

	private static Class<?> classOrNull(String name) {
		try {
			return Class.forName( name, false, ActionQueue.class.getClassLoader() );
		}
		catch (ClassNotFoundException e) {
			LOG.warnf( "Hibernate ORM internals changed (no class %s)", name );
			return null;
		}
	}

	private static Field field(Class<?> type, String name) {
		if ( type == null ) {
			return null;
		}
		try {
			final Field field = type.getDeclaredField( name );
			field.setAccessible( true );
			if ( !java.util.Collection.class.isAssignableFrom( field.getType() ) && !ExecutableList.class.isAssignableFrom( field.getType() ) ) {
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
