package io.github.hibernateattachments.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Hand-written SQL run the way Hibernate runs its own: prepared through the session's JDBC coordinator, so
 * the application's {@code StatementInspector}, SQL logging ({@code hibernate.show_sql}) and statistics see
 * it, the statement is released with the session's resources, and an {@link SQLException} comes out
 * converted by the dialect (a constraint violation, a lock timeout...) as from any Hibernate operation.
 * <p>
 * Used where the extension's set-based statements take lists of a thousand ids: Hibernate's query engine
 * translates such a list parameter anew on every execution, which costs more than the statement itself.
 */
public final class SessionJdbc {

	/** Binds a statement's parameters. */
	@FunctionalInterface
	public interface Binder {
		void bind(PreparedStatement statement) throws SQLException;
	}

	/** Reads one row of a result. */
	@FunctionalInterface
	public interface RowReader {
		void read(ResultSet row) throws SQLException;
	}

	private SessionJdbc() {
	}

	public static int executeUpdate(SharedSessionContractImplementor session, String sql, Binder binder) {
		final JdbcCoordinator jdbc = session.getJdbcCoordinator();
		final PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement( sql );
		try {
			bind( session, statement, sql, binder );
			return jdbc.getResultSetReturn().executeUpdate( statement, sql );
		}
		finally {
			jdbc.getLogicalConnection().getResourceRegistry().release( statement );
			jdbc.afterStatementExecution();
		}
	}

	public static void query(SharedSessionContractImplementor session, String sql, Binder binder, RowReader reader) {
		final JdbcCoordinator jdbc = session.getJdbcCoordinator();
		final PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement( sql );
		try {
			bind( session, statement, sql, binder );
			final ResultSet rows = jdbc.getResultSetReturn().extract( statement, sql );
			try {
				while ( rows.next() ) {
					reader.read( rows );
				}
			}
			catch (SQLException e) {
				throw session.getJdbcServices().getSqlExceptionHelper().convert( e, "Unable to read the result", sql );
			}
		}
		finally {
			// closes its result set too
			jdbc.getLogicalConnection().getResourceRegistry().release( statement );
			jdbc.afterStatementExecution();
		}
	}

	private static void bind(SharedSessionContractImplementor session, PreparedStatement statement, String sql,
			Binder binder) {
		try {
			binder.bind( statement );
		}
		catch (SQLException e) {
			throw session.getJdbcServices().getSqlExceptionHelper().convert( e, "Unable to bind the parameters", sql );
		}
	}

	/**
	 * Whether statements on locked rows should name them one primary key at a time instead of with an
	 * {@code IN} list: on InnoDB (MySQL, MariaDB), where the optimizer may scan a small table in full for an
	 * {@code IN} list and, under REPEATABLE READ, take next-key locks on every row and gap it passes, waiting on
	 * (and deadlocking with) transactions that touch rows the statement never meant to. Measured: a sweep and a
	 * user transaction queueing purges deadlocked on the outbox table. A lookup by primary key locks its record
	 * only. PostgreSQL and H2 lock rows only, so they get one statement per chunk.
	 */
	public static boolean oneRowAtATime(org.hibernate.dialect.Dialect dialect) {
		return dialect instanceof org.hibernate.dialect.MySQLDialect;
	}

	/** {@code ?,?,?}: the placeholders of an {@code IN} list. */
	public static String placeholders(int count) {
		return String.join( ",", java.util.Collections.nCopies( count, "?" ) );
	}

	/** Binds ids from the given parameter index on. */
	public static void bindIds(PreparedStatement statement, int from, java.util.List<Long> ids) throws SQLException {
		for ( int i = 0; i < ids.size(); i++ ) {
			statement.setLong( from + i, ids.get( i ) );
		}
	}
}
