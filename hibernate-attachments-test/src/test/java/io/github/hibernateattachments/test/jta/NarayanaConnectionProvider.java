package io.github.hibernateattachments.test.jta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import javax.sql.XADataSource;

import com.arjuna.ats.jdbc.TransactionalDriver;

import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.service.spi.Configurable;

/**
 * Connections enlisted in the current JTA transaction, as an application server's JTA data source gives them:
 * Narayana's {@link TransactionalDriver} over the XA data source of H2, PostgreSQL or MariaDB (chosen by the
 * JDBC URL). Its connections are enlisted in the JTA transaction current when they are used; closing one is
 * deferred until that transaction completes.
 */
public final class NarayanaConnectionProvider implements ConnectionProvider, Configurable {

	private final TransactionalDriver driver = new TransactionalDriver();
	private Properties properties;

	@Override
	public void configure(Map<String, Object> settings) {
		final String url = text( settings, "jakarta.persistence.jdbc.url" );
		final String user = text( settings, "jakarta.persistence.jdbc.user" );
		final String password = text( settings, "jakarta.persistence.jdbc.password" );
		properties = new Properties();
		properties.put( TransactionalDriver.XADataSource, xaDataSource( url, user, password ) );
		properties.put( TransactionalDriver.userName, user );
		properties.put( TransactionalDriver.password, password );
		// no pool: each test has a database of its own, and the driver's pool is shared by all of them
		properties.put( TransactionalDriver.poolConnections, "false" );
	}

	private static String text(Map<String, Object> settings, String name) {
		final Object value = settings.get( name );
		if ( value == null ) {
			throw new IllegalStateException( "NarayanaConnectionProvider needs the setting " + name );
		}
		return value.toString();
	}

	static XADataSource xaDataSource(String url, String user, String password) {
		try {
			if ( url.startsWith( "jdbc:h2:" ) ) {
				final org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
				h2.setURL( url );
				h2.setUser( user );
				h2.setPassword( password );
				return h2;
			}
			if ( url.startsWith( "jdbc:postgresql:" ) ) {
				final org.postgresql.xa.PGXADataSource postgres = new org.postgresql.xa.PGXADataSource();
				postgres.setUrl( url );
				postgres.setUser( user );
				postgres.setPassword( password );
				return postgres;
			}
			if ( url.startsWith( "jdbc:mariadb:" ) ) {
				final org.mariadb.jdbc.MariaDbDataSource mariadb = new org.mariadb.jdbc.MariaDbDataSource( url );
				mariadb.setUser( user );
				mariadb.setPassword( password );
				return mariadb;
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException( "Unable to create the XA data source of " + url, e );
		}
		throw new IllegalArgumentException( "No XA data source known for " + url );
	}

	@Override
	public Connection getConnection() throws SQLException {
		return driver.connect( TransactionalDriver.arjunaDriver, properties );
	}

	@Override
	public void closeConnection(Connection connection) throws SQLException {
		connection.close();
	}

	@Override
	public boolean supportsAggressiveRelease() {
		return true;
	}

	@Override
	public boolean isUnwrappableAs(Class<?> unwrapType) {
		return false;
	}

	@Override
	public <T> T unwrap(Class<T> unwrapType) {
		throw new org.hibernate.service.UnknownUnwrapTypeException( unwrapType );
	}
}
