package io.github.hibernateattachments.doctor;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The live schema, read through JDBC metadata (tables, columns, foreign keys, indexes), table by table, on
 * demand; on PostgreSQL from the catalog, a schema at a time ({@link PostgresCatalog}), which also tells the keys
 * added {@code NOT VALID} and not validated yet. Names are kept as the database stores them, and matched
 * case-insensitively.
 */
final class DatabaseCatalog {

	record DbColumn(String name, String type, int size, int decimals, boolean nullable) {
	}

	/**
	 * @param deferrability {@link DatabaseMetaData#importedKeyNotDeferrable}, {@code importedKeyInitiallyImmediate}
	 * or {@code importedKeyInitiallyDeferred}
	 */
	record DbKey(String name, List<String> columns, String referencedCatalog, String referencedSchema, String referencedTable,
			List<String> referencedColumns, int deleteRule, int updateRule, int deferrability) {
		boolean deferred() {
			return deferrability == DatabaseMetaData.importedKeyInitiallyDeferred;
		}
	}

	record DbIndex(String name, List<String> columns) {
	}

	record DbTable(String catalog, String schema, String name, Map<String, DbColumn> columns, List<DbKey> keys,
			List<DbIndex> indexes) {
		DbColumn column(String name) {
			return columns.get( name.toLowerCase( Locale.ROOT ) );
		}
	}

	private final Connection connection;
	private final DatabaseMetaData metaData;
	private final String defaultCatalog;
	private final String defaultSchema;
	private final Map<String, Optional<DbTable>> tables = new HashMap<>();
	private final Map<String, Map<String, DbTable>> postgresSchemas = new HashMap<>();
	private final Set<String> notValidated = new HashSet<>();
	private final boolean postgres;
	private int queries;

	private final String connectionCatalog;
	private final String connectionSchema;

	/**
	 * @param defaultCatalog where the mapping's unqualified tables are ({@code hibernate.default_catalog}); {@code null}: the connection's
	 * @param defaultSchema likewise, {@code hibernate.default_schema}
	 */
	DatabaseCatalog(Connection connection, String defaultCatalog, String defaultSchema) throws SQLException {
		this.connection = connection;
		this.metaData = connection.getMetaData();
		this.connectionCatalog = connection.getCatalog();
		this.connectionSchema = schemaOrNull( connection );
		this.defaultCatalog = defaultCatalog != null ? defaultCatalog : connectionCatalog;
		this.defaultSchema = defaultSchema != null ? defaultSchema : connectionSchema;
		this.postgres = metaData.getDatabaseProductName().toLowerCase( Locale.ROOT ).contains( "postgres" );
	}

	private boolean postgres() {
		return postgres;
	}

	private Map<String, DbTable> postgresSchema(String schema) throws SQLException {
		Map<String, DbTable> tables = postgresSchemas.get( schema );
		if ( tables == null ) {
			queries += 3;
			tables = PostgresCatalog.read( connection, defaultCatalog, schema, notValidated );
			postgresSchemas.put( schema, tables );
		}
		return tables;
	}

	/** @return the table, or empty if the database has none by that name */
	Optional<DbTable> table(String catalog, String schema, String name) throws SQLException {
		if ( postgres() ) {
			for ( String candidate : candidates( schema == null ? defaultSchema : schema ) ) {
				final Map<String, DbTable> tables = postgresSchema( candidate );
				final DbTable exact = tables.get( name );
				final DbTable found = exact != null ? exact : tables.get( name.toLowerCase( Locale.ROOT ) );
				if ( found != null ) {
					return Optional.of( found );
				}
			}
			return Optional.empty();
		}
		final String key = ( catalog == null ? "" : catalog ) + "/" + ( schema == null ? "" : schema ) + "/" + name;
		Optional<DbTable> table = tables.get( key );
		if ( table == null ) {
			table = Optional.empty();
			for ( String schemaCandidate : schema == null && defaultSchema == null ? java.util.Collections.<String>singletonList( null )
					: candidates( schema == null ? defaultSchema : schema ) ) {
				table = Optional.ofNullable( read( catalog == null ? defaultCatalog : catalog, schemaCandidate, name ) );
				if ( table.isPresent() ) {
					break;
				}
			}
			tables.put( key, table );
		}
		return table;
	}

	/** @return the connection's own catalog and schema, where unqualified names in SQL resolve */
	String connectionCatalog() {
		return connectionCatalog;
	}

	String connectionSchema() {
		return connectionSchema;
	}

	/** The tables of the default schema (or the given one), by the names the database stores. */
	List<String> tableNames(String schema) throws SQLException {
		if ( postgres() ) {
			return List.copyOf( postgresSchema( schema == null ? defaultSchema : schema ).keySet() );
		}
		final List<String> names = new ArrayList<>();
		queries++;
		try ( ResultSet rows = metaData.getTables( defaultCatalog, schema == null ? defaultSchema : schema, "%", new String[] { "TABLE" } ) ) {
			while ( rows.next() ) {
				names.add( rows.getString( "TABLE_NAME" ) );
			}
		}
		return names;
	}

	String productName() throws SQLException {
		return metaData.getDatabaseProductName();
	}

	int queries() {
		return queries;
	}

	/**
	 * @return whether the key was added {@code NOT VALID} and never validated (PostgreSQL); false elsewhere
	 */
	boolean notValidated(DbTable table, DbKey key) {
		return notValidated.contains( ( table.schema() + "." + table.name() + "." + key.name() ).toLowerCase( Locale.ROOT ) );
	}

	private DbTable read(String catalog, String schema, String name) throws SQLException {
		for ( String candidate : candidates( name ) ) {
			final Map<String, DbColumn> columns = new LinkedHashMap<>();
			String storedSchema = schema;
			String storedName = null;
			queries++;
			try ( ResultSet rows = metaData.getColumns( catalog, schema, pattern( candidate ), null ) ) {
				while ( rows.next() ) {
					if ( !rows.getString( "TABLE_NAME" ).equals( candidate ) ) {
						continue; // '_' in a pattern matches any character
					}
					storedName = rows.getString( "TABLE_NAME" );
					storedSchema = rows.getString( "TABLE_SCHEM" );
					final String column = rows.getString( "COLUMN_NAME" );
					columns.put( column.toLowerCase( Locale.ROOT ), new DbColumn( column, rows.getString( "TYPE_NAME" ),
							rows.getInt( "COLUMN_SIZE" ), rows.getInt( "DECIMAL_DIGITS" ),
							rows.getInt( "NULLABLE" ) != DatabaseMetaData.columnNoNulls ) );
				}
			}
			if ( storedName != null ) {
				return new DbTable( catalog, storedSchema, storedName, columns, keys( catalog, schema, storedName ),
						indexes( catalog, schema, storedName ) );
			}
		}
		return null;
	}

	private List<DbKey> keys(String catalog, String schema, String table) throws SQLException {
		final Map<String, List<Object[]>> byName = new LinkedHashMap<>();
		queries++;
		try ( ResultSet rows = metaData.getImportedKeys( catalog, schema, table ) ) {
			while ( rows.next() ) {
				final String name = rows.getString( "FK_NAME" ) + "/" + rows.getString( "PKTABLE_SCHEM" ) + "." + rows.getString( "PKTABLE_NAME" );
				final int rule = rows.getInt( "DELETE_RULE" );
				final boolean ruleNull = rows.wasNull();
				final int update = rows.getInt( "UPDATE_RULE" );
				final boolean updateNull = rows.wasNull();
				final int deferrability = rows.getInt( "DEFERRABILITY" );
				final boolean deferrabilityNull = rows.wasNull();
				byName.computeIfAbsent( name, n -> new ArrayList<>() ).add( new Object[] { rows.getShort( "KEY_SEQ" ),
						rows.getString( "FKCOLUMN_NAME" ), rows.getString( "PKCOLUMN_NAME" ), rows.getString( "FK_NAME" ),
						rows.getString( "PKTABLE_SCHEM" ), rows.getString( "PKTABLE_NAME" ),
						ruleNull ? DatabaseMetaData.importedKeyNoAction : rule,
						updateNull ? DatabaseMetaData.importedKeyNoAction : update,
						deferrabilityNull ? DatabaseMetaData.importedKeyNotDeferrable : deferrability, rows.getString( "PKTABLE_CAT" ) } );
			}
		}
		final List<DbKey> keys = new ArrayList<>();
		for ( List<Object[]> parts : byName.values() ) {
			parts.sort( (a, b) -> Short.compare( (Short) a[0], (Short) b[0] ) );
			final Object[] first = parts.get( 0 );
			keys.add( new DbKey( (String) first[3], parts.stream().map( p -> (String) p[1] ).toList(), (String) first[9], (String) first[4],
					(String) first[5], parts.stream().map( p -> (String) p[2] ).toList(), (Integer) first[6], (Integer) first[7],
					(Integer) first[8] ) );
		}
		return keys;
	}

	private List<DbIndex> indexes(String catalog, String schema, String table) throws SQLException {
		final Map<String, TreeMap<Short, String>> byName = new LinkedHashMap<>();
		queries++;
		try ( ResultSet rows = metaData.getIndexInfo( catalog, schema, table, false, true ) ) {
			while ( rows.next() ) {
				final String column = rows.getString( "COLUMN_NAME" );
				final String name = rows.getString( "INDEX_NAME" );
				if ( rows.getShort( "TYPE" ) == DatabaseMetaData.tableIndexStatistic || column == null || name == null ) {
					continue;
				}
				byName.computeIfAbsent( name, n -> new TreeMap<>() ).put( rows.getShort( "ORDINAL_POSITION" ), column );
			}
		}
		final List<DbIndex> indexes = new ArrayList<>();
		byName.forEach( (name, columns) -> indexes.add( new DbIndex( name, List.copyOf( columns.values() ) ) ) );
		return indexes;
	}

	private String pattern(String name) throws SQLException {
		final String escape = metaData.getSearchStringEscape();
		if ( escape == null || escape.isEmpty() ) {
			return name;
		}
		return name.replace( escape, escape + escape ).replace( "_", escape + "_" ).replace( "%", escape + "%" );
	}

	/** Unquoted names are stored upper-case by some databases (H2) and lower-case by others (PostgreSQL). */
	private List<String> candidates(String name) throws SQLException {
		if ( name == null ) {
			return java.util.Collections.singletonList( null );
		}
		final List<String> candidates = new ArrayList<>();
		candidates.add( name );
		if ( metaData.storesUpperCaseIdentifiers() ) {
			candidates.add( 0, name.toUpperCase( Locale.ROOT ) );
		}
		else if ( metaData.storesLowerCaseIdentifiers() ) {
			candidates.add( 0, name.toLowerCase( Locale.ROOT ) );
		}
		return candidates.stream().distinct().toList();
	}

	private static String schemaOrNull(Connection connection) {
		try {
			return connection.getSchema();
		}
		catch (SQLException | AbstractMethodError e) {
			return null;
		}
	}
}
