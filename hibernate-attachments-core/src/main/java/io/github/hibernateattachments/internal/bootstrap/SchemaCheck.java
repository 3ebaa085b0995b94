package io.github.hibernateattachments.internal.bootstrap;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.DetachedBlob;
import io.github.hibernateattachments.internal.model.PurgeRecord;

import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.jboss.logging.Logger;

/**
 * Checks, once the factory is built (after Hibernate's own schema management ran), that the extension's tables
 * exist: a missing one (hbm2ddl off and the shipped script not applied) fails the boot with a message naming it
 * and the script, instead of a first upload failing on a missing sequence. Installed only in units that have
 * {@code @Attached} attributes.
 */
public final class SchemaCheck implements SessionFactoryObserver {

	private static final Logger LOG = Logger.getLogger( SchemaCheck.class );
	public static final List<String> TABLES = List.of( BlobRecord.TABLE, PurgeRecord.TABLE, DetachedBlob.TABLE );

	@Override
	public void sessionFactoryCreated(SessionFactory factory) {
		final var access = ( (SessionFactoryImplementor) factory ).getJdbcServices().getBootstrapJdbcConnectionAccess();
		final List<String> missing = new ArrayList<>();
		try {
			final Connection connection = access.obtainConnection();
			try {
				final DatabaseMetaData metaData = connection.getMetaData();
				for ( String table : TABLES ) {
					if ( !exists( metaData, connection, table ) ) {
						missing.add( table );
					}
				}
			}
			finally {
				access.releaseConnection( connection );
			}
		}
		catch (SQLException | RuntimeException e) {
			LOG.warnf( "Unable to check that the tables of hibernate-attachments exist (%s); set '%s=false' to skip the"
					+ " check", e, AttachmentsSettings.SCHEMA_CHECK );
			return;
		}
		if ( !missing.isEmpty() ) {
			final String database = ( (SessionFactoryImplementor) factory ).getJdbcServices().getDialect().getClass()
					.getSimpleName().replace( "Dialect", "" ).toLowerCase( Locale.ROOT );
			throw new AttachmentException( "The table" + ( missing.size() == 1 ? " " : "s " ) + missing + " of"
					+ " hibernate-attachments " + ( missing.size() == 1 ? "does" : "do" ) + " not exist: let Hibernate"
					+ " create the schema (jakarta.persistence.schema-generation.database.action), or apply the scripts"
					+ " shipped in the core jar, META-INF/hibernate-attachments/sql/" + database + "/V1__attachments.sql"
					+ " and V2__detached_blobs.sql, with your migration tool. '" + AttachmentsSettings.SCHEMA_CHECK
					+ "=false' skips this check" );
		}
	}

	private static boolean exists(DatabaseMetaData metaData, Connection connection, String table) throws SQLException {
		for ( String name : List.of( table, table.toUpperCase( Locale.ROOT ) ) ) {
			try ( ResultSet tables = metaData.getTables( connection.getCatalog(), null, name, null ) ) {
				if ( tables.next() ) {
					return true;
				}
			}
		}
		return false;
	}
}
