package io.github.hibernateattachments.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.service.spi.Configurable;

/**
 * A connection pool of exactly one connection that, like HikariCP, makes a caller wait when the connection is
 * taken (here up to 60 s) instead of failing at once as Hibernate's built-in pool does.
 */
public final class OneConnectionPool implements ConnectionProvider, Configurable {

	private final Semaphore permit = new Semaphore( 1 );
	private String url;
	private String user;
	private String password;

	@Override
	public void configure(Map<String, Object> settings) {
		url = (String) settings.get( "jakarta.persistence.jdbc.url" );
		user = (String) settings.get( "jakarta.persistence.jdbc.user" );
		password = (String) settings.get( "jakarta.persistence.jdbc.password" );
	}

	@Override
	public Connection getConnection() throws SQLException {
		try {
			if ( !permit.tryAcquire( 60, TimeUnit.SECONDS ) ) {
				throw new SQLException( "No connection free within 60 s (pool of one)" );
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new SQLException( e );
		}
		try {
			return DriverManager.getConnection( url, user, password );
		}
		catch (SQLException e) {
			permit.release();
			throw e;
		}
	}

	@Override
	public void closeConnection(Connection connection) throws SQLException {
		try {
			connection.close();
		}
		finally {
			permit.release();
		}
	}

	@Override
	public boolean supportsAggressiveRelease() {
		return false;
	}

	@Override
	public boolean isUnwrappableAs(Class<?> type) {
		return false;
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		throw new UnsupportedOperationException( "OneConnectionPool unwraps to nothing" );
	}
}
