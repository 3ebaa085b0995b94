package io.github.hibernateattachments.doctor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SQL of the doctor's queries and fixes, per database: PostgreSQL gets keys added {@code NOT VALID} and
 * validated apart, and indexes built {@code CONCURRENTLY}, so that no statement holds a lock on a busy table for
 * long; H2 and MariaDB get their plain equivalents.
 */
final class SqlWriter {

	enum Family {
		POSTGRESQL("PostgreSQL"), H2("H2"), MARIADB("MariaDB"), OTHER("other");

		final String label;

		Family(String label) {
			this.label = label;
		}

		static Family of(String productName) {
			final String name = productName.toLowerCase( Locale.ROOT );
			if ( name.contains( "postgres" ) ) {
				return POSTGRESQL;
			}
			if ( name.equals( "h2" ) ) {
				return H2;
			}
			if ( name.contains( "mariadb" ) || name.contains( "mysql" ) ) {
				return MARIADB;
			}
			return OTHER;
		}
	}

	private static final Pattern PLAIN = Pattern.compile( "[A-Za-z_][A-Za-z0-9_]*" );
	/** Words that name a table or column often enough and that some database reserves. */
	private static final Set<String> RESERVED = Set.of( "all", "and", "any", "as", "asc", "between", "both", "by", "case", "cast",
			"check", "collate", "column", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
			"current_user", "day", "default", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign",
			"from", "full", "grant", "group", "having", "hour", "in", "index", "inner", "intersect", "interval", "into", "is", "join",
			"key", "leading", "left", "like", "limit", "minute", "month", "natural", "not", "null", "of", "offset", "on", "only", "or",
			"order", "outer", "position", "primary", "qualify", "range", "rank", "references", "right", "row", "rows", "second",
			"select", "some", "system_user", "table", "then", "to", "top", "trailing", "true", "union", "unique", "user", "using",
			"value", "values", "when", "where", "window", "with", "year" );
	private static final int MAX_NAME = 60;

	private final Family family;

	SqlWriter(Family family) {
		this.family = family;
	}

	Family family() {
		return family;
	}

	/**
	 * A name as the database stores it, quoted unless writing it plain gives the same name: plain characters, no
	 * reserved word, and the case the database folds plain names to (lower on PostgreSQL, upper on H2).
	 */
	String name(String stored) {
		if ( PLAIN.matcher( stored ).matches() && !RESERVED.contains( stored.toLowerCase( Locale.ROOT ) )
				&& !( family == Family.POSTGRESQL && !stored.equals( stored.toLowerCase( Locale.ROOT ) ) )
				&& !( family == Family.H2 && !stored.equals( stored.toUpperCase( Locale.ROOT ) ) ) ) {
			return stored;
		}
		return family == Family.MARIADB ? "`" + stored.replace( "`", "``" ) + "`" : "\"" + stored.replace( "\"", "\"\"" ) + "\"";
	}

	/** A name the doctor makes up ({@link #generatedName}): plain, written as is, stored as the database folds it. */
	static String fresh(String generated) {
		return generated;
	}

	String table(String schema, String table) {
		return schema == null ? name( table ) : name( schema ) + "." + name( table );
	}

	String columns(List<String> columns) {
		final List<String> names = new ArrayList<>();
		columns.forEach( column -> names.add( name( column ) ) );
		return String.join( ", ", names );
	}

	/** The rows of {@code table} whose key columns are all set and match no row of {@code referenced}. */
	String orphanCondition(String table, List<String> columns, String referenced, List<String> referencedColumns) {
		final StringBuilder sql = new StringBuilder();
		for ( String column : columns ) {
			sql.append( table ).append( '.' ).append( name( column ) ).append( " is not null and " );
		}
		// MariaDB refuses a subquery over the table a DELETE or UPDATE changes, unless it is a derived table
		final String from = family == Family.MARIADB
				? "(select " + columns( referencedColumns ) + " from " + referenced + ") p"
				: referenced + " p";
		sql.append( "not exists (select 1 from " ).append( from ).append( " where " );
		for ( int i = 0; i < columns.size(); i++ ) {
			sql.append( i == 0 ? "" : " and " ).append( "p." ).append( name( referencedColumns.get( i ) ) ).append( " = " )
					.append( table ).append( '.' ).append( name( columns.get( i ) ) );
		}
		return sql.append( ')' ).toString();
	}

	String createIndex(String table, String tableName, List<String> columns) {
		final String index = fresh( generatedName( "ix_", tableName, columns ) );
		return switch ( family ) {
			case POSTGRESQL -> "create index concurrently if not exists " + index + " on " + table + " (" + columns( columns ) + ");";
			case H2, MARIADB -> "create index if not exists " + index + " on " + table + " (" + columns( columns ) + ");";
			case OTHER -> "create index " + index + " on " + table + " (" + columns( columns ) + ");";
		};
	}

	/**
	 * @param constraint the constraint's name as SQL ({@link #name} or {@link #fresh})
	 * @param rest what follows the delete action: {@code on update ...}, {@code deferrable ...}, or nothing
	 */
	String addForeignKey(String table, String constraint, List<String> columns, String referenced,
			List<String> referencedColumns, String action, String rest) {
		return "alter table " + table + " add constraint " + constraint + " foreign key (" + columns( columns )
				+ ") references " + referenced + " (" + columns( referencedColumns ) + ") on delete " + action( action ) + rest
				+ ( family == Family.POSTGRESQL ? " not valid;" : ";" );
	}

	/**
	 * @param constraint the constraint's name as SQL
	 * @return the statement that checks the rows a {@code NOT VALID} key skipped, or {@code null} where keys are checked when added
	 */
	String validate(String table, String constraint) {
		return family == Family.POSTGRESQL ? "alter table " + table + " validate constraint " + constraint + ";" : null;
	}

	/** @param constraint the constraint's name as SQL */
	String dropForeignKey(String table, String constraint) {
		return family == Family.MARIADB
				? "alter table " + table + " drop foreign key " + constraint + ";"
				: "alter table " + table + " drop constraint " + constraint + ";";
	}

	/** The clauses of an existing key a re-created one keeps: its update action and deferrability. */
	String keptClauses(int updateRule, int deferrability) {
		final StringBuilder rest = new StringBuilder();
		switch ( updateRule ) {
			case java.sql.DatabaseMetaData.importedKeyCascade -> rest.append( " on update cascade" );
			case java.sql.DatabaseMetaData.importedKeySetNull -> rest.append( " on update set null" );
			case java.sql.DatabaseMetaData.importedKeySetDefault -> rest.append( " on update set default" );
			case java.sql.DatabaseMetaData.importedKeyRestrict -> rest.append( family == Family.MARIADB ? "" : " on update restrict" );
			default -> {
			}
		}
		if ( family == Family.POSTGRESQL || family == Family.H2 ) {
			if ( deferrability == java.sql.DatabaseMetaData.importedKeyInitiallyDeferred ) {
				rest.append( " deferrable initially deferred" );
			}
			else if ( deferrability == java.sql.DatabaseMetaData.importedKeyInitiallyImmediate ) {
				rest.append( " deferrable initially immediate" );
			}
		}
		return rest.toString();
	}

	String alterType(String table, String column, String type, boolean nullable) {
		return switch ( family ) {
			case POSTGRESQL -> "alter table " + table + " alter column " + name( column ) + " type " + type + ";";
			case H2 -> "alter table " + table + " alter column " + name( column ) + " set data type " + type + ";";
			case MARIADB -> "alter table " + table + " modify column " + name( column ) + " " + type + ( nullable ? "" : " not null" ) + ";";
			case OTHER -> "alter table " + table + " alter column " + name( column ) + " set data type " + type + ";";
		};
	}

	String dropNotNull(String table, String column, String type) {
		return family == Family.MARIADB
				? "alter table " + table + " modify column " + name( column ) + " " + type + " null;"
				: "alter table " + table + " alter column " + name( column ) + " drop not null;";
	}

	static String action(String action) {
		return action.replace( '_', ' ' ).toLowerCase( Locale.ROOT );
	}

	/** {@code fk_orders_customer_id}; too long a name is cut and given a hash of the whole, so it stays unique. */
	static String generatedName(String prefix, String table, List<String> columns) {
		final String full = ( prefix + table + "_" + String.join( "_", columns ) ).toLowerCase( Locale.ROOT );
		if ( full.length() <= MAX_NAME ) {
			return full;
		}
		try {
			final byte[] digest = java.security.MessageDigest.getInstance( "SHA-256" ).digest( full.getBytes( StandardCharsets.UTF_8 ) );
			return full.substring( 0, MAX_NAME - 9 ) + "_" + HexFormat.of().formatHex( digest, 0, 4 );
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException( e ); // every JVM has SHA-256
		}
	}
}
