package io.github.hibernateattachments.internal.planner;

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
import java.util.Set;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.internal.planner.ForeignKeyModel.Key;
import io.github.hibernateattachments.internal.planner.ForeignKeyModel.TableInfo;

import org.jboss.logging.Logger;

/**
 * The foreign keys the database itself has between mapped tables, read once through JDBC metadata: a key a
 * migration created for a column the mapping sees as a plain value, or a mapped key whose {@code ON DELETE}
 * action differs in the database. Keys are matched to mapped tables by name, case-insensitively.
 */
final class DatabaseForeignKeys {

	private static final Logger LOG = Logger.getLogger( DatabaseForeignKeys.class );

	private DatabaseForeignKeys() {
	}

	/**
	 * @return the keys between mapped tables, or an empty list (and a warning) if the metadata cannot be read
	 */
	static List<Key> read(Connection connection, ForeignKeyModel model) {
		try {
			return read( connection.getMetaData(), connection, model );
		}
		catch (SQLException | RuntimeException e) {
			LOG.warnf( "Unable to read the database's foreign keys through JDBC metadata (%s): the delete planner"
					+ " orders deletes by the mapped foreign keys only. Set '%s=false' to skip reading them",
					e.toString(), AttachmentsSettings.DELETE_ORDERING_DATABASE_KEYS );
			return List.of();
		}
	}

	private static List<Key> read(DatabaseMetaData metaData, Connection connection, ForeignKeyModel model) throws SQLException {
		final String defaultCatalog = connection.getCatalog();
		final String defaultSchema = schemaOrNull( connection );
		final Map<String, TableInfo> byName = new HashMap<>();
		for ( TableInfo table : model.tables() ) {
			byName.putIfAbsent( table.matchKey(), table );
			byName.putIfAbsent( TableInfo.matchKey( null, table.name() ), table );
		}
		final List<Key> keys = new ArrayList<>();
		for ( TableInfo table : model.tables() ) {
			final Map<String, Imported> imported = new LinkedHashMap<>();
			try ( ResultSet rows = metaData.getImportedKeys(
					table.catalog() == null ? defaultCatalog : table.catalog(),
					table.schema() == null ? defaultSchema : table.schema(),
					table.quoted() ? table.name() : storedName( metaData, table.name() ) ) ) {
				while ( rows.next() ) {
					final String pkSchema = rows.getString( "PKTABLE_SCHEM" );
					final String pkTable = rows.getString( "PKTABLE_NAME" );
					final String name = rows.getString( "FK_NAME" ) + "/" + pkSchema + "." + pkTable;
					Imported key = imported.get( name );
					if ( key == null ) {
						key = new Imported( pkSchema, pkTable, deleteRule( rows ), deferred( rows ) );
						imported.put( name, key );
					}
					key.columns.add( rows.getString( "FKCOLUMN_NAME" ).toLowerCase( Locale.ROOT ) );
				}
			}
			for ( Imported key : imported.values() ) {
				TableInfo target = byName.get( TableInfo.matchKey( key.schema, key.table ) );
				if ( target == null ) {
					target = byName.get( TableInfo.matchKey( null, key.table ) );
				}
				if ( target != null ) {
					final boolean restricting = !key.deferred && ( key.rule == DatabaseMetaData.importedKeyNoAction
							|| key.rule == DatabaseMetaData.importedKeyRestrict );
					final boolean cascading = key.rule == DatabaseMetaData.importedKeyCascade;
					keys.add( new Key( table.index(), target.index(), Set.copyOf( key.columns ), restricting, cascading,
							ForeignKeyModel.isSameRow( table.index(), target.index(), Set.copyOf( key.columns ),
									model.tables(), model.allEntityTables() ) ) );
				}
			}
		}
		LOG.debugf( "Read %d foreign keys between mapped tables from the database", keys.size() );
		return keys;
	}

	/** Unquoted names are stored upper-case by some databases (H2) and lower-case by others (PostgreSQL). */
	private static String storedName(DatabaseMetaData metaData, String name) throws SQLException {
		if ( metaData.storesUpperCaseIdentifiers() && name.equals( name.toLowerCase( Locale.ROOT ) ) ) {
			return name.toUpperCase( Locale.ROOT );
		}
		if ( metaData.storesLowerCaseIdentifiers() && name.equals( name.toUpperCase( Locale.ROOT ) ) ) {
			return name.toLowerCase( Locale.ROOT );
		}
		return name;
	}

	private static String schemaOrNull(Connection connection) {
		try {
			return connection.getSchema();
		}
		catch (SQLException | AbstractMethodError e) {
			return null;
		}
	}

	private static int deleteRule(ResultSet rows) throws SQLException {
		final int rule = rows.getInt( "DELETE_RULE" );
		return rows.wasNull() ? DatabaseMetaData.importedKeyNoAction : rule;
	}

	private static boolean deferred(ResultSet rows) throws SQLException {
		final int deferrability = rows.getInt( "DEFERRABILITY" );
		return !rows.wasNull() && deferrability == DatabaseMetaData.importedKeyInitiallyDeferred;
	}

	private static final class Imported {
		final String schema;
		final String table;
		final int rule;
		final boolean deferred;
		final Set<String> columns = new HashSet<>();

		Imported(String schema, String table, int rule, boolean deferred) {
			this.schema = schema;
			this.table = table;
			this.rule = rule;
			this.deferred = deferred;
		}
	}
}
