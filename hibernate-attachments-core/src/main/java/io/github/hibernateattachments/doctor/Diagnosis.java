package io.github.hibernateattachments.doctor;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.hibernateattachments.doctor.DatabaseCatalog.DbColumn;
import io.github.hibernateattachments.doctor.DatabaseCatalog.DbIndex;
import io.github.hibernateattachments.doctor.DatabaseCatalog.DbKey;
import io.github.hibernateattachments.doctor.DatabaseCatalog.DbTable;
import io.github.hibernateattachments.doctor.Finding.Kind;
import io.github.hibernateattachments.doctor.Finding.Severity;
import io.github.hibernateattachments.doctor.SqlWriter.Family;
import io.github.hibernateattachments.internal.doctor.MappedSchema;
import io.github.hibernateattachments.internal.doctor.MappedSchema.MappedKey;
import io.github.hibernateattachments.internal.doctor.MappedSchema.MappedTable;

/**
 * Compares the mapping with the live schema, key by key, and writes down what is wrong and the statements that
 * fix it.
 */
final class Diagnosis {

	/** Where a fix statement goes in the migration: indexes first, then types and keys, then validation. */
	enum Phase {
		INDEX, TYPE, KEY, VALIDATE
	}

	/** A statement of the migration, commented out when a human must decide. */
	record Step(Phase phase, String comment, String sql, boolean commentedOut) {
	}

	/** A finding and the steps that fix it. */
	record Diagnosed(Finding finding, List<Step> steps) {
	}

	private final DatabaseCatalog catalog;
	private final Connection connection;
	private final SqlWriter sql;
	private final boolean countOrphans;
	private final List<Diagnosed> found = new ArrayList<>();
	private final List<String> missingTables = new ArrayList<>();
	private int tables;
	private int keys;

	/**
	 * @param defaultCatalog {@code hibernate.default_catalog}, where the mapping's unqualified tables are; {@code null}: the connection's
	 * @param defaultSchema {@code hibernate.default_schema}, likewise
	 */
	Diagnosis(Connection connection, boolean countOrphans, String defaultCatalog, String defaultSchema) throws SQLException {
		this.connection = connection;
		this.catalog = new DatabaseCatalog( connection, defaultCatalog, defaultSchema );
		this.sql = new SqlWriter( Family.of( catalog.productName() ) );
		this.countOrphans = countOrphans;
	}

	Family family() {
		return sql.family();
	}

	List<Diagnosed> found() {
		return found;
	}

	int tables() {
		return tables;
	}

	int keys() {
		return keys;
	}

	/** Mapped tables the database does not have. */
	List<String> missingTables() {
		return missingTables;
	}

	int metadataQueries() {
		return catalog.queries();
	}

	void examine(MappedSchema mapping, boolean unmappedTables) throws SQLException {
		final Set<String> seen = new HashSet<>();
		for ( MappedTable mapped : mapping.tables() ) {
			final Optional<DbTable> table = catalog.table( mapped.catalog(), mapped.schema(), mapped.name() );
			if ( table.isEmpty() ) {
				missingTables.add( mapped.label() ); // not created (yet): nothing to compare, but the report says so
				continue;
			}
			seen.add( table.get().name().toLowerCase( Locale.ROOT ) );
			tables++;
			final Set<DbKey> matched = new HashSet<>();
			for ( MappedKey key : mapping.keys() ) {
				if ( key.table() == mapped ) {
					examine( mapped, table.get(), key, matched );
				}
			}
			for ( DbKey key : table.get().keys() ) {
				if ( !matched.contains( key ) ) {
					keys++;
					existing( mapped, table.get(), key, null );
				}
			}
		}
		if ( unmappedTables ) {
			for ( String name : catalog.tableNames( null ) ) {
				if ( seen.add( name.toLowerCase( Locale.ROOT ) ) ) {
					final Optional<DbTable> table = catalog.table( null, null, name );
					if ( table.isPresent() ) {
						tables++;
						for ( DbKey key : table.get().keys() ) {
							keys++;
							existing( null, table.get(), key, null );
						}
					}
				}
			}
		}
	}

	private void examine(MappedTable mapped, DbTable table, MappedKey key, Set<DbKey> matched) throws SQLException {
		if ( !key.created() ) {
			return; // @ForeignKey(NO_CONSTRAINT): the mapping asked for no key
		}
		keys++;
		final Optional<DbTable> referenced = catalog.table( key.referenced().catalog(), key.referenced().schema(), key.referenced().name() );
		if ( referenced.isEmpty() ) {
			return;
		}
		final Set<String> columns = lower( key.columns() );
		DbKey existing = null;
		for ( DbKey candidate : table.keys() ) {
			if ( lower( candidate.columns() ).equals( columns ) && candidate.referencedTable().equalsIgnoreCase( referenced.get().name() ) ) {
				existing = candidate;
			}
		}
		if ( key.cascadeRemoveToShared() ) {
			add( finding( Kind.CASCADE_REMOVE_TO_SHARED_ROW, Severity.ERROR, table, key.columns(), referenced.get(),
					key.referencedColumns(), key.association(), existing == null ? null : existing.name(),
					key.association() + " cascades removal to its row of " + referenced.get().name() + ", which other"
							+ " rows of " + table.name() + " may reference too: removing one of them removes the row its siblings"
							+ " share, and the delete fails, or takes the siblings with it under ON DELETE CASCADE.",
					"Remove CascadeType.REMOVE (and ALL) from " + key.association() + "; cascade from the parent's"
							+ " collection instead." ), List.of() );
		}
		if ( existing != null ) {
			matched.add( existing );
			existing( mapped, table, existing, key );
			return;
		}
		final String action = intendedAction( key );
		final String constraint = SqlWriter.generatedName( "fk_", table.name(), key.columns() );
		final String from = tableSql( table );
		final String to = tableSql( referenced.get() );
		final List<Step> steps = new ArrayList<>();
		steps.add( new Step( Phase.KEY, null, sql.addForeignKey( from, SqlWriter.fresh( constraint ), stored( table, key.columns() ), to,
				stored( referenced.get(), key.referencedColumns() ), action, "" ), false ) );
		final String validate = sql.validate( from, SqlWriter.fresh( constraint ) );
		if ( validate != null ) {
			steps.add( new Step( Phase.VALIDATE, null, validate, false ) );
		}
		add( finding( Kind.MISSING_FOREIGN_KEY, Severity.ERROR, table, key.columns(), referenced.get(), key.referencedColumns(),
				key.association(), null,
				"The mapping has a foreign key for " + key.association() + ", the database has none: nothing stops a row"
						+ " from pointing at a row of " + referenced.get().name() + " that does not exist, or that is deleted later.",
				"Add the key (ON DELETE " + SqlWriter.action( action ).toUpperCase( Locale.ROOT ) + ( key.onDelete() == null
						? ", the explicit form of what the mapping expects; state another with @OnDelete" : ", as @OnDelete says" )
						+ "), after removing the rows that violate it." ), steps );
		orphans( table, key.columns(), referenced.get(), key.referencedColumns(), key.association(), null );
		types( table, key.columns(), referenced.get(), key.referencedColumns(), key.association(), null );
		index( table, key.columns(), referenced.get(), key.referencedColumns(), key.association(), null );
		if ( "SET_NULL".equals( action ) && notNull( table, key.columns() ) ) {
			setNullOnNotNull( table, key.columns(), referenced.get(), key.referencedColumns(), key.association(), null, key );
		}
	}

	/** The action of a key the doctor adds: what {@code @OnDelete} says, else RESTRICT, the explicit form of the default. */
	private static String intendedAction(MappedKey key) {
		return key.onDelete() == null || key.onDelete().equals( "NO_ACTION" ) ? "RESTRICT" : key.onDelete();
	}

	private void existing(MappedTable mapped, DbTable table, DbKey key, MappedKey mappedKey) throws SQLException {
		final Optional<DbTable> referenced = catalog.table( key.referencedCatalog() != null ? key.referencedCatalog() : table.catalog(),
				key.referencedSchema(), key.referencedTable() );
		if ( referenced.isEmpty() ) {
			return;
		}
		final String association = mappedKey != null ? mappedKey.association()
				: table.name() + "(" + String.join( ", ", key.columns() ) + ")";
		final String action = ruleName( key.deleteRule() );
		final String from = tableSql( table );
		final String to = tableSql( referenced.get() );
		if ( mappedKey != null && mappedKey.onDelete() != null && !sameEffect( mappedKey.onDelete(), action ) ) {
			add( finding( Kind.ON_DELETE_MISMATCH, Severity.ERROR, table, key.columns(), referenced.get(), key.referencedColumns(),
					association, key.name(), "The mapping says @OnDelete(" + mappedKey.onDelete() + ") for " + association
							+ ", the database's key says ON DELETE " + SqlWriter.action( action ).toUpperCase( Locale.ROOT ) + ": "
							+ mismatchEffect( mappedKey.onDelete(), action ),
					"Re-create the key with ON DELETE " + SqlWriter.action( mappedKey.onDelete() ).toUpperCase( Locale.ROOT )
							+ ", or change @OnDelete to what the database does." ),
					recreate( from, table, key, to, mappedKey.onDelete() ) );
		}
		else if ( action.equals( "SET_NULL" ) && notNull( table, key.columns() ) ) {
			setNullOnNotNull( table, key.columns(), referenced.get(), key.referencedColumns(), association, key, mappedKey );
		}
		else if ( action.equals( "NO_ACTION" ) && !key.deferred() && sql.family() != Family.MARIADB
				&& ( mappedKey == null || mappedKey.onDelete() == null && !mappedKey.managed() ) ) {
			add( finding( Kind.NO_EXPLICIT_ON_DELETE, Severity.WARNING, table, key.columns(), referenced.get(),
					key.referencedColumns(), association, key.name(),
					"Deleting a row of " + referenced.get().name() + " that rows of " + table.name() + " still reference fails"
							+ " (NO ACTION, the database's default), and no mapping says that is what should happen:"
							+ " nothing removes or unlinks those rows first.",
					"Choose: ON DELETE CASCADE (the rows go with it), SET NULL (they stay, unlinked) or RESTRICT (the delete"
							+ " is refused, as now); state it in the key, and with @OnDelete(action = ...) on " + ( mappedKey == null
									? "the attribute that maps the column, if one does" : association )
							+ ". The migration re-creates the key with RESTRICT." ),
					recreate( from, table, key, to, "RESTRICT" ) );
		}
		if ( catalog.notValidated( table, key ) ) {
			add( finding( Kind.NOT_VALIDATED, Severity.WARNING, table, key.columns(), referenced.get(), key.referencedColumns(),
					association, key.name(), "The key " + key.name() + " was added NOT VALID and never validated: rows"
							+ " older than the key are not checked against it.",
					"Remove the rows that violate it, then validate it (takes no lock that blocks writes)." ),
					List.of( new Step( Phase.VALIDATE, null, sql.validate( from, sql.name( key.name() ) ), false ) ) );
			orphans( table, key.columns(), referenced.get(), key.referencedColumns(), association, key.name() );
		}
		types( table, key.columns(), referenced.get(), key.referencedColumns(), association, key.name() );
		index( table, key.columns(), referenced.get(), key.referencedColumns(), association, key.name() );
	}

	private void setNullOnNotNull(DbTable table, List<String> columns, DbTable referenced, List<String> referencedColumns,
			String association, DbKey key, MappedKey mappedKey) {
		final String from = tableSql( table );
		final List<Step> steps = new ArrayList<>();
		final String fix;
		if ( mappedKey != null && "SET_NULL".equals( mappedKey.onDelete() ) ) {
			final boolean mappedNullable = mappedKey.columns().stream()
					.allMatch( column -> Boolean.TRUE.equals( mappedKey.table().nullable().get( column ) ) );
			if ( mappedNullable ) {
				fix = "The mapping allows null here: let the database allow it too.";
				for ( String column : columns ) {
					final DbColumn dbColumn = table.column( column );
					if ( dbColumn != null && !dbColumn.nullable() ) {
						steps.add( new Step( Phase.TYPE, sql.family() == Family.MARIADB ? "MODIFY restates the whole column: add its"
								+ " DEFAULT, collation or comment if it has one" : null,
								sql.dropNotNull( from, dbColumn.name(), typeSql( dbColumn ) ), false ) );
					}
				}
			}
			else {
				fix = "The mapping contradicts itself: @OnDelete(SET_NULL) on a column mapped NOT NULL. Choose CASCADE or"
						+ " RESTRICT, or make the column optional.";
			}
		}
		else {
			fix = "Re-create the key with ON DELETE RESTRICT or CASCADE (the migration uses RESTRICT), or let the column be null.";
			if ( key != null ) {
				steps.addAll( recreate( from, table, key, tableSql( referenced ), "RESTRICT" ) );
			}
		}
		add( finding( Kind.SET_NULL_ON_NOT_NULL_COLUMN, Severity.ERROR, table, columns, referenced, referencedColumns, association,
				key == null ? null : key.name(), "ON DELETE SET NULL on " + table.name() + "(" + String.join( ", ", columns )
						+ "), which cannot be null: deleting a row of " + referenced.name() + " that is still referenced fails.",
				fix ), steps );
	}

	private List<Step> recreate(String from, DbTable table, DbKey key, String to, String action) {
		final List<Step> steps = new ArrayList<>();
		final String constraint = sql.name( key.name() );
		steps.add( new Step( Phase.KEY, null, sql.dropForeignKey( from, constraint ), false ) );
		steps.add( new Step( Phase.KEY, null, sql.addForeignKey( from, constraint, key.columns(), to, key.referencedColumns(), action,
				sql.keptClauses( key.updateRule(), key.deferrability() ) ), false ) );
		final String validate = sql.validate( from, constraint );
		if ( validate != null ) {
			steps.add( new Step( Phase.VALIDATE, null, validate, false ) );
		}
		return steps;
	}

	private void orphans(DbTable table, List<String> columns, DbTable referenced, List<String> referencedColumns,
			String association, String constraint) throws SQLException {
		if ( !countOrphans ) {
			return;
		}
		final String from = tableSql( table );
		final String condition = sql.orphanCondition( from, stored( table, columns ), tableSql( referenced ),
				stored( referenced, referencedColumns ) );
		final long count;
		try ( Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery( "select count(*) from " + from + " where " + condition ) ) {
			rows.next();
			count = rows.getLong( 1 );
		}
		if ( count == 0 ) {
			return;
		}
		final boolean nullable = !notNull( table, columns );
		final String delete = "delete from " + from + " where " + condition + ";";
		final String cleanup = nullable
				? "update " + from + " set " + String.join( ", ", stored( table, columns ).stream().map( c -> sql.name( c ) + " = null" )
						.toList() ) + " where " + condition + ";"
				: delete;
		final List<Step> steps = new ArrayList<>();
		steps.add( new Step( Phase.VALIDATE, count + " row" + ( count == 1 ? "" : "s" ) + " of " + table.name()
				+ " point" + ( count == 1 ? "s" : "" ) + " at no row of " + referenced.name() + "; delete them" + ( nullable ? ", or unlink them" : "" ) + " (decide, then remove the comment marks):", delete, true ) );
		if ( nullable ) {
			steps.add( new Step( Phase.VALIDATE, null, cleanup, true ) );
		}
		add( new Finding( Kind.ORPHAN_ROWS, Severity.ERROR, table.name(), stored( table, columns ), referenced.name(),
				stored( referenced, referencedColumns ),
				association, constraint, count + " row" + ( count == 1 ? "" : "s" ) + " of " + table.name()
						+ ( count == 1 ? " points" : " point" ) + " at no row of " + referenced.name() + ": the key cannot be " + ( constraint == null ? "added" : "validated" )
						+ " while " + ( count == 1 ? "it exists" : "they exist" ) + ".",
				"List them with the query, then delete " + ( nullable ? "or unlink " : "" ) + "them (the migration has the"
						+ " statement" + ( nullable ? "s" : "" ) + ", commented out).",
				count, "select * from " + from + " where " + condition, nullable ? cleanup : delete ), steps );
	}

	private void types(DbTable table, List<String> columns, DbTable referenced, List<String> referencedColumns,
			String association, String constraint) {
		for ( int i = 0; i < columns.size() && i < referencedColumns.size(); i++ ) {
			final DbColumn column = table.column( columns.get( i ) );
			final DbColumn target = referenced.column( referencedColumns.get( i ) );
			if ( column == null || target == null || typeKey( column ).equals( typeKey( target ) ) ) {
				continue;
			}
			final List<Step> steps = new ArrayList<>();
			if ( constraint == null || sql.family() != Family.MARIADB ) {
				steps.add( new Step( Phase.TYPE, sql.family() == Family.MARIADB
						? "rewrites the table, locking it while it runs: schedule it; MODIFY restates the whole column: add its"
								+ " DEFAULT, collation or comment if it has one"
						: "rewrites the table, locking it while it runs: schedule it",
						sql.alterType( tableSql( table ), column.name(), typeSql( target ), column.nullable() ), false ) );
			}
			add( finding( Kind.TYPE_MISMATCH, Severity.WARNING, table, List.of( column.name() ), referenced, List.of( target.name() ),
					association, constraint, table.name() + "." + column.name() + " is " + typeSql( column ) + ", the "
							+ referenced.name() + "." + target.name() + " it references is " + typeSql( target )
							+ ": values can overflow or fail to match, and the comparison may not use the index.",
					"Change " + table.name() + "." + column.name() + " to " + typeSql( target ) + "." ), steps );
		}
	}

	private void index(DbTable table, List<String> columns, DbTable referenced, List<String> referencedColumns,
			String association, String constraint) {
		final Set<String> wanted = lower( columns );
		for ( DbIndex index : table.indexes() ) {
			if ( index.columns().size() >= columns.size()
					&& lower( index.columns().subList( 0, columns.size() ) ).equals( wanted ) ) {
				return;
			}
		}
		final List<String> names = stored( table, columns );
		add( finding( Kind.UNINDEXED_FOREIGN_KEY, Severity.WARNING, table, names, referenced, referencedColumns, association, constraint,
				"No index of " + table.name() + " begins with (" + String.join( ", ", names ) + "): every delete or key"
						+ " update of a row of " + referenced.name() + " scans the whole table, holding locks while it does.",
				"Create an index on " + table.name() + " (" + String.join( ", ", names ) + "), e.g. with @Index in @Table(indexes)." ),
				List.of( new Step( Phase.INDEX, null, sql.createIndex( tableSql( table ), table.name(), names ), false ) ) );
	}

	private Finding finding(Kind kind, Severity severity, DbTable table, List<String> columns, DbTable referenced,
			List<String> referencedColumns, String association, String constraint, String explanation, String fix) {
		return new Finding( kind, severity, table.name(), stored( table, columns ), referenced.name(), stored( referenced, referencedColumns ),
				association, constraint, explanation, fix, 0, null, null );
	}

	/** Column names as the database stores them (the mapping's, for a column the database lacks). */
	private static List<String> stored(DbTable table, List<String> columns) {
		return columns.stream().map( c -> table.column( c ) == null ? c : table.column( c ).name() ).toList();
	}

	private void add(Finding finding, List<Step> steps) {
		found.add( new Diagnosed( finding, List.copyOf( steps ) ) );
	}

	private String tableSql(DbTable table) {
		if ( sql.family() == Family.MARIADB ) {
			final boolean other = table.catalog() != null && catalog.connectionCatalog() != null
					&& !table.catalog().equals( catalog.connectionCatalog() );
			return sql.table( other ? table.catalog() : null, table.name() );
		}
		final boolean qualified = table.schema() != null && catalog.connectionSchema() != null
				&& !table.schema().equals( catalog.connectionSchema() );
		return sql.table( qualified ? table.schema() : null, table.name() );
	}

	private static boolean notNull(DbTable table, List<String> columns) {
		return columns.stream().map( table::column ).anyMatch( c -> c != null && !c.nullable() );
	}

	private static String ruleName(int rule) {
		return switch ( rule ) {
			case DatabaseMetaData.importedKeyCascade -> "CASCADE";
			case DatabaseMetaData.importedKeySetNull -> "SET_NULL";
			case DatabaseMetaData.importedKeySetDefault -> "SET_DEFAULT";
			case DatabaseMetaData.importedKeyRestrict -> "RESTRICT";
			default -> "NO_ACTION";
		};
	}

	/** NO ACTION and RESTRICT both refuse the delete; they differ only for deferred checks. */
	private static boolean sameEffect(String mapped, String database) {
		return mapped.equals( database ) || refuses( mapped ) && refuses( database );
	}

	private static boolean refuses(String action) {
		return action.equals( "NO_ACTION" ) || action.equals( "RESTRICT" );
	}

	private static String mismatchEffect(String mapped, String database) {
		if ( mapped.equals( "CASCADE" ) && refuses( database ) ) {
			return "Hibernate leaves the referencing rows to the database, which refuses the delete instead.";
		}
		if ( mapped.equals( "SET_NULL" ) && refuses( database ) ) {
			return "Hibernate leaves the referencing rows to the database, which refuses the delete instead of unlinking them.";
		}
		if ( refuses( mapped ) && database.equals( "CASCADE" ) ) {
			return "deleting a referenced row silently deletes the referencing rows the mapping says must keep it.";
		}
		if ( refuses( mapped ) && database.equals( "SET_NULL" ) ) {
			return "deleting a referenced row silently unlinks the referencing rows the mapping says must keep it.";
		}
		return "the database does something else than the mapping expects.";
	}

	private static String typeKey(DbColumn column) {
		final String type = normalType( column.type() );
		return switch ( type ) {
			case "varchar", "char", "character", "numeric", "decimal", "varbinary", "binary", "nvarchar" ->
					type + "(" + column.size() + "," + column.decimals() + ")";
			default -> type;
		};
	}

	static String typeSql(DbColumn column) {
		final String type = normalType( column.type() );
		final boolean unbounded = column.size() <= 0 || column.size() >= 1_000_000_000;
		return switch ( type ) {
			case "varchar", "char", "character", "varbinary", "binary", "nvarchar" -> unbounded ? type : type + "(" + column.size() + ")";
			case "numeric", "decimal" -> type + "(" + column.size() + "," + column.decimals() + ")";
			default -> type;
		};
	}

	private static String normalType(String type) {
		final String name = type.toLowerCase( Locale.ROOT ).trim();
		return switch ( name ) {
			case "int", "int4", "serial", "serial4", "integer" -> "integer";
			case "int8", "bigserial", "serial8", "bigint" -> "bigint";
			case "int2", "smallserial", "serial2", "smallint" -> "smallint";
			case "character varying", "varchar" -> "varchar";
			case "bpchar", "char", "character" -> "char";
			default -> name;
		};
	}

	private static Set<String> lower(List<String> names) {
		final Set<String> lower = new HashSet<>();
		names.forEach( name -> lower.add( name.toLowerCase( Locale.ROOT ) ) );
		return lower;
	}

	static Map<Phase, String> phaseNames() {
		return Map.of( Phase.INDEX, "foreign_key_indexes", Phase.TYPE, "foreign_keys", Phase.KEY, "foreign_keys", Phase.VALIDATE,
				"validate_foreign_keys" );
	}
}
