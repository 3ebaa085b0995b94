package io.github.hibernateattachments.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Records every SQL statement Hibernate prepares, in order, into the shared {@link EventLog}.
 */
public final class SqlLog implements StatementInspector {

	private final EventLog log;

	SqlLog(EventLog log) {
		this.log = log;
	}

	@Override
	public String inspect(String sql) {
		log.add( "sql: " + sql.replaceAll( "\\s+", " " ).trim().toLowerCase( Locale.ROOT ) );
		return sql;
	}

	/** The statements recorded so far that start with {@code delete}, {@code insert} or {@code update}. */
	public List<String> mutations() {
		final List<String> result = new ArrayList<>();
		for ( String event : log.events() ) {
			if ( event.startsWith( "sql: delete" ) || event.startsWith( "sql: insert" ) || event.startsWith( "sql: update" ) ) {
				result.add( event.substring( 5 ) );
			}
		}
		return result;
	}
}
