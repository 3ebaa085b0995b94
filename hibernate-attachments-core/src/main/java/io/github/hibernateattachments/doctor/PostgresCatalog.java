package io.github.hibernateattachments.doctor;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.hibernateattachments.doctor.DatabaseCatalog.DbColumn;
import io.github.hibernateattachments.doctor.DatabaseCatalog.DbIndex;
import io.github.hibernateattachments.doctor.DatabaseCatalog.DbKey;
import io.github.hibernateattachments.doctor.DatabaseCatalog.DbTable;

/**
 * A whole PostgreSQL schema in three catalog queries (columns, foreign keys, indexes) instead of three JDBC
 * metadata calls per table, each of which is a catalog query of its own: on a schema of 200 tables, a fraction of
 * a second instead of several. Also reads which keys are not validated yet.
 */
final class PostgresCatalog {

	private static final String COLUMNS = "select c.relname, a.attname, t.typname, a.attnotnull,"
			+ " information_schema._pg_char_max_length(a.atttypid, a.atttypmod),"
			+ " information_schema._pg_numeric_precision(a.atttypid, a.atttypmod),"
			+ " information_schema._pg_numeric_scale(a.atttypid, a.atttypmod)"
			+ " from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace"
			+ " join pg_type t on t.oid = a.atttypid"
			+ " where n.nspname = ? and c.relkind in ('r', 'p') and not c.relispartition and a.attnum > 0 and not a.attisdropped"
			+ " order by c.relname, a.attnum";
	private static final String KEYS = "select c.relname, k.conname, k.confdeltype, k.condeferred, k.convalidated,"
			+ " fn.nspname, f.relname, a.attname, fa.attname, k.confupdtype, k.condeferrable"
			+ " from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace"
			+ " join pg_class f on f.oid = k.confrelid join pg_namespace fn on fn.oid = f.relnamespace"
			+ " cross join lateral unnest(k.conkey, k.confkey) with ordinality as u(attnum, fattnum, ord)"
			+ " join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum"
			+ " join pg_attribute fa on fa.attrelid = k.confrelid and fa.attnum = u.fattnum"
			// a key on a partitioned table is cloned onto each partition: only the parent's is the application's
			+ " where k.contype = 'f' and k.conparentid = 0 and not c.relispartition and n.nspname = ?"
			+ " order by c.relname, k.conname, u.ord";
	private static final String INDEXES = "select c.relname, i.relname, a.attname"
			+ " from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid"
			+ " join pg_namespace n on n.oid = c.relnamespace"
			+ " cross join lateral unnest(x.indkey::int2[]) with ordinality as k(attnum, ord)"
			+ " left join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum"
			// an invalid index (a failed CREATE INDEX CONCURRENTLY) serves nothing; a partial one not every row
			+ " where n.nspname = ? and x.indisvalid and x.indpred is null and k.ord <= x.indnkeyatts"
			+ " order by c.relname, i.relname, k.ord";

	private PostgresCatalog() {
	}

	/**
	 * @param notValidated receives {@code schema.table.constraint} (lower case) of each key not validated
	 * @return the tables of the schema by their name
	 */
	static Map<String, DbTable> read(Connection connection, String catalog, String schema, Set<String> notValidated) throws SQLException {
		final Map<String, Map<String, DbColumn>> columns = new LinkedHashMap<>();
		try ( PreparedStatement statement = connection.prepareStatement( COLUMNS ) ) {
			statement.setString( 1, schema );
			try ( ResultSet rows = statement.executeQuery() ) {
				while ( rows.next() ) {
					final String type = rows.getString( 3 );
					final int length = rows.getInt( 5 );
					final int precision = rows.getInt( 6 );
					final String column = rows.getString( 2 );
					columns.computeIfAbsent( rows.getString( 1 ), t -> new LinkedHashMap<>() ).put( column.toLowerCase( Locale.ROOT ),
							new DbColumn( column, type, length > 0 ? length : precision, rows.getInt( 7 ), !rows.getBoolean( 4 ) ) );
				}
			}
		}
		final Map<String, Map<String, List<String[]>>> keyParts = new LinkedHashMap<>();
		try ( PreparedStatement statement = connection.prepareStatement( KEYS ) ) {
			statement.setString( 1, schema );
			try ( ResultSet rows = statement.executeQuery() ) {
				while ( rows.next() ) {
					final String table = rows.getString( 1 );
					final String name = rows.getString( 2 );
					keyParts.computeIfAbsent( table, t -> new LinkedHashMap<>() ).computeIfAbsent( name, n -> new ArrayList<>() )
							.add( new String[] { rows.getString( 3 ), deferrability( rows.getBoolean( 11 ), rows.getBoolean( 4 ) ),
									rows.getString( 6 ), rows.getString( 7 ), rows.getString( 8 ), rows.getString( 9 ), rows.getString( 10 ) } );
					if ( !rows.getBoolean( 5 ) ) {
						notValidated.add( ( schema + "." + table + "." + name ).toLowerCase( Locale.ROOT ) );
					}
				}
			}
		}
		final Map<String, Map<String, List<String>>> indexColumns = new LinkedHashMap<>();
		final Set<String> incomplete = new java.util.HashSet<>();
		try ( PreparedStatement statement = connection.prepareStatement( INDEXES ) ) {
			statement.setString( 1, schema );
			try ( ResultSet rows = statement.executeQuery() ) {
				while ( rows.next() ) {
					final String table = rows.getString( 1 );
					final String index = rows.getString( 2 );
					final String column = rows.getString( 3 );
					if ( column == null ) {
						incomplete.add( table + "." + index ); // an expression: the columns after it lead nothing
					}
					else if ( !incomplete.contains( table + "." + index ) ) {
						indexColumns.computeIfAbsent( table, t -> new LinkedHashMap<>() ).computeIfAbsent( index, i -> new ArrayList<>() )
								.add( column );
					}
				}
			}
		}
		final Map<String, DbTable> tables = new LinkedHashMap<>();
		columns.forEach( (table, tableColumns) -> {
			final List<DbKey> keys = new ArrayList<>();
			keyParts.getOrDefault( table, Map.of() ).forEach( (name, parts) -> {
				final String[] first = parts.get( 0 );
				keys.add( new DbKey( name, parts.stream().map( p -> p[4] ).toList(), catalog, first[2], first[3],
						parts.stream().map( p -> p[5] ).toList(), rule( first[0] ), rule( first[6] ), Integer.parseInt( first[1] ) ) );
			} );
			final List<DbIndex> indexes = new ArrayList<>();
			indexColumns.getOrDefault( table, Map.of() ).forEach( (name, indexed) -> indexes.add( new DbIndex( name, List.copyOf( indexed ) ) ) );
			tables.put( table, new DbTable( catalog, schema, table, tableColumns, List.copyOf( keys ), List.copyOf( indexes ) ) );
		} );
		return tables;
	}

	private static String deferrability(boolean deferrable, boolean deferred) {
		return String.valueOf( !deferrable ? DatabaseMetaData.importedKeyNotDeferrable
				: deferred ? DatabaseMetaData.importedKeyInitiallyDeferred : DatabaseMetaData.importedKeyInitiallyImmediate );
	}

	private static int rule(String confdeltype) {
		return switch ( confdeltype ) {
			case "c" -> DatabaseMetaData.importedKeyCascade;
			case "n" -> DatabaseMetaData.importedKeySetNull;
			case "d" -> DatabaseMetaData.importedKeySetDefault;
			case "r" -> DatabaseMetaData.importedKeyRestrict;
			default -> DatabaseMetaData.importedKeyNoAction;
		};
	}
}
