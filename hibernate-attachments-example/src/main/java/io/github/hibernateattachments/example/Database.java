package io.github.hibernateattachments.example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JDBC on the demo's H2 database, on connections of its own, outside Hibernate: what the database
 * really holds, independently of what the application believes.
 */
final class Database {

	static final String USER = "sa";
	static final String PASSWORD = "";

	private final String url;

	Database(String url) {
		this.url = url;
	}

	String url() {
		return url;
	}

	Connection open() throws SQLException {
		return DriverManager.getConnection( url, USER, PASSWORD );
	}

	long count(String query) {
		try ( Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery( query ) ) {
			rs.next();
			return rs.getLong( 1 );
		}
		catch (SQLException e) {
			throw new IllegalStateException( query + ": " + e.getMessage(), e );
		}
	}

	List<String> strings(String query) {
		try ( Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery( query ) ) {
			final List<String> values = new ArrayList<>();
			while ( rs.next() ) {
				values.add( rs.getString( 1 ) );
			}
			return values;
		}
		catch (SQLException e) {
			throw new IllegalStateException( query + ": " + e.getMessage(), e );
		}
	}

	/**
	 * The original filenames of blobs, by storage key. Reads uncommitted rows too, so that a file uploaded
	 * in a transaction still in progress (or about to roll back) can be named.
	 */
	Map<String, String> filenames(Collection<String> keys) {
		final Map<String, String> names = new HashMap<>();
		if ( keys.isEmpty() ) {
			return names;
		}
		try ( Connection c = open() ) {
			c.setTransactionIsolation( Connection.TRANSACTION_READ_UNCOMMITTED );
			try ( PreparedStatement s = c.prepareStatement(
					"select filename from attachment_blobs where storage_key = ?" ) ) {
				for ( String key : keys ) {
					s.setString( 1, key );
					try ( ResultSet rs = s.executeQuery() ) {
						if ( rs.next() ) {
							names.put( key, rs.getString( 1 ) );
						}
					}
				}
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException( "Unable to read blob filenames: " + e.getMessage(), e );
		}
		return names;
	}
}
