package io.github.hibernateattachments.internal.planner;

import io.github.hibernateattachments.internal.HibernateInternals;

import org.hibernate.boot.Metadata;
import org.hibernate.event.internal.DefaultAutoFlushEventListener;
import org.hibernate.event.internal.DefaultDeleteEventListener;
import org.hibernate.event.internal.DefaultFlushEventListener;
import org.hibernate.event.service.spi.DuplicationStrategy;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.jboss.logging.Logger;

/**
 * Installs the delete planner: replaces Hibernate's default flush, auto-flush and delete listeners, in place, by
 * subclasses that reorder the queued deletes and skip the nulling the planner makes unnecessary.
 */
public final class DeletePlannerInstaller {

	private static final Logger LOG = Logger.getLogger( DeletePlannerInstaller.class );

	private DeletePlannerInstaller() {
	}

	/**
	 * Installs the planner for a mapping; leaves Hibernate's listeners alone if the mapping's foreign keys
	 * cannot be read.
	 *
	 * @param readDatabaseKeys whether the database's own foreign keys are read too, at the first flush that deletes
	 */
	public static void install(Metadata metadata, boolean readDatabaseKeys, EventListenerRegistry listeners) {
		final DeletePlanner planner;
		try {
			planner = new DeletePlanner( ForeignKeyModel.from( metadata ), readDatabaseKeys );
		}
		catch (RuntimeException e) {
			LOG.warn( "Unable to read the foreign keys of the mapping: the delete planner is off and deletes run in"
					+ " Hibernate's own order", e );
			return;
		}
		listeners.getEventListenerGroup( EventType.FLUSH ).addDuplicationStrategy( replacing( DefaultFlushEventListener.class ) );
		listeners.getEventListenerGroup( EventType.FLUSH ).appendListener( new PlannedFlushEventListener( planner ) );
		listeners.getEventListenerGroup( EventType.AUTO_FLUSH ).addDuplicationStrategy( replacing( DefaultAutoFlushEventListener.class ) );
		listeners.getEventListenerGroup( EventType.AUTO_FLUSH ).appendListener( new PlannedAutoFlushEventListener( planner ) );
		if ( HibernateInternals.isNullificationControlSupported() ) {
			listeners.getEventListenerGroup( EventType.DELETE ).addDuplicationStrategy( replacing( DefaultDeleteEventListener.class ) );
			listeners.getEventListenerGroup( EventType.DELETE ).appendListener( new PlannedDeleteEventListener( planner ) );
		}
	}

	private static DuplicationStrategy replacing(Class<?> defaultListener) {
		return new DuplicationStrategy() {
			@Override
			public boolean areMatch(Object listener, Object original) {
				return original.getClass() == defaultListener
						&& ( listener instanceof PlannedFlushEventListener || listener instanceof PlannedAutoFlushEventListener
								|| listener instanceof PlannedDeleteEventListener );
			}

			@Override
			public Action getAction() {
				return Action.REPLACE_ORIGINAL;
			}
		};
	}
}
