package io.github.hibernateattachments.spring.boot.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Migrates the extension's own tables right before the application's Flyway migrations, on the same data
 * source: the scripts shipped in the core jar ({@code META-INF/hibernate-attachments/sql/<database>}), with a
 * schema history table of their own ({@code attachments_schema_history} by default). Their versions (V1, V2...)
 * never mix with the application's, and the application's migrations can reference the extension's tables
 * (a foreign key to {@code attachment_blobs}) from their first version on.
 * <p>
 * The extension's tables reference no table of the application, so running first is always possible. A
 * database that already has them (created by hbm2ddl or by hand from the same scripts) needs
 * {@code attachments.flyway.baseline-version} set to the last script it has (2 today).
 */
public class AttachmentsFlywayCallback implements Callback {

	private static final Log LOG = LogFactory.getLog( AttachmentsFlywayCallback.class );
	static final String LOCATION = "classpath:META-INF/hibernate-attachments/sql/";

	private final String table;
	private final String baselineVersion;

	public AttachmentsFlywayCallback(String table, String baselineVersion) {
		this.table = table;
		this.baselineVersion = baselineVersion;
	}

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.BEFORE_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public void handle(Event event, Context context) {
		final DataSource dataSource = context.getConfiguration().getDataSource();
		final String vendor = vendor( dataSource );
		final MigrateResult result = Flyway.configure( AttachmentsFlywayCallback.class.getClassLoader() )
				.dataSource( dataSource )
				.schemas( context.getConfiguration().getSchemas() )
				.defaultSchema( context.getConfiguration().getDefaultSchema() )
				.table( table )
				.locations( LOCATION + vendor )
				.baselineOnMigrate( true )
				.baselineVersion( baselineVersion )
				.load()
				.migrate();
		if ( result.migrationsExecuted > 0 ) {
			LOG.info( "hibernate-attachments: applied " + result.migrationsExecuted + " migration(s) of its own tables (schema"
					+ " history table " + table + ")" );
		}
	}

	/** The folder of the shipped scripts for the database behind {@code dataSource}. */
	static String vendor(DataSource dataSource) {
		final String product;
		try ( Connection connection = dataSource.getConnection() ) {
			product = connection.getMetaData().getDatabaseProductName().toLowerCase( Locale.ROOT );
		}
		catch (SQLException e) {
			throw new IllegalStateException( "Unable to read which database the data source connects to", e );
		}
		if ( product.contains( "postgresql" ) ) {
			return "postgresql";
		}
		if ( product.contains( "h2" ) ) {
			return "h2";
		}
		if ( product.contains( "mariadb" ) || product.contains( "mysql" ) ) {
			return "mariadb";
		}
		throw new IllegalStateException( "hibernate-attachments ships no migration scripts for " + product + " (PostgreSQL,"
				+ " H2, MariaDB and MySQL only): set attachments.flyway.enabled=false and create its tables with your own"
				+ " migrations (hbm2ddl's output for the extension's entities is the reference)" );
	}

	@Override
	public String getCallbackName() {
		return "hibernate-attachments";
	}
}
