package io.github.hibernateattachments.torture;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.test.Database;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

/** Persistence units of the torture suite: the {@link Doc} model on one database, with the given settings. */
final class Units {

	private Units() {
	}

	/** Settings every part uses: no grace periods, retries at once, a pool for concurrent uploads. */
	static Map<String, Object> settings(Object storage) {
		final Map<String, Object> settings = new LinkedHashMap<>();
		settings.put( AttachmentsSettings.STORAGE, storage );
		settings.put( AttachmentsSettings.SWEEP_GRACE_PERIOD, "0" );
		settings.put( AttachmentsSettings.PURGE_RETRY_DELAY, "0" );
		settings.put( AttachmentsSettings.PURGE_MAX_RETRY_DELAY, "0" );
		settings.put( AttachmentsSettings.DOCTOR, "off" );
		settings.put( "hibernate.connection.pool_size", 40 );
		return settings;
	}

	static EntityManagerFactory start(Database.Connection.Target target, Map<String, Object> settings, boolean createSchema) {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "torture" )
				.jdbcUrl( target.url() )
				.jdbcCredentials( target.user(), target.password() )
				.managedClass( Folder.class )
				.managedClass( Doc.class )
				.property( "jakarta.persistence.schema-generation.database.action", createSchema ? "drop-and-create" : "none" );
		settings.forEach( configuration::property );
		return configuration.createEntityManagerFactory();
	}
}
