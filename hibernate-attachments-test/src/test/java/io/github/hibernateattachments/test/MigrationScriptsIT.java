package io.github.hibernateattachments.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SQL scripts shipped in the core jar ({@code META-INF/hibernate-attachments/sql/<database>/V1__attachments.sql})
 * create what hbm2ddl creates: the extension's own tables and sequences, and, through the script's TEMPLATE
 * blocks instantiated for {@link ScriptOwner}, an owner's attachment column and attachment list table. Both
 * schemas are read back with {@link DatabaseMetaData} and compared as normalized descriptions: tables,
 * columns (name, JDBC and database type, size where meaningful, nullability, default), primary keys, foreign
 * keys (with their ON DELETE / ON UPDATE rules), indexes (name, columns, uniqueness), check constraints and
 * sequences.
 */
@Entities({ ScriptOwner.class })
@OnlyOn({ Database.H2, Database.POSTGRESQL, Database.MARIADB }) // the databases the core jar ships scripts for
class MigrationScriptsIT {

	/** The placeholders of the scripts' TEMPLATE blocks, as hbm2ddl names things for {@link ScriptOwner}. */
	private static final Map<String, String> SCRIPT_OWNER = Map.of(
			"<owner>", "script_owners",
			"<attr>", "document",
			"<list_table>", "ScriptOwner_pages",
			"<owner_key>", "ScriptOwner_id",
			"<order>", "pages_ORDER" );

	/** The application's own part of {@link ScriptOwner}'s schema, which the TEMPLATE extends. */
	private static final String SCRIPT_OWNER_TABLE = """
			create sequence script_owners_SEQ start with 1 increment by 50;
			create table script_owners (id bigint not null, primary key (id));
			""";

	private static final Predicate<String> EXTENSION_OBJECTS = name -> name.startsWith( "attachment_" );

	@DatabaseTest
	void the_script_creates_the_extensions_tables_and_sequences_as_hbm2ddl_does(Fixture fixture) throws SQLException {
		final SchemaDescription hbm2ddl = SchemaDescription.read( fixture::connection, EXTENSION_OBJECTS );
		final Database.Connection.Target scripted = fixture.database().create();
		run( scripted, statements( script( fixture.database() ) ) );

		final SchemaDescription fromScript = SchemaDescription.read( scripted::open, EXTENSION_OBJECTS );

		assertThat( hbm2ddl.tables() ).containsExactlyInAnyOrder( "attachment_blobs", "attachment_purges",
				"attachment_detached_blobs" );
		assertSameSchema( "The schema of " + scriptPath( fixture.database() ), hbm2ddl, fromScript );
	}

	@DatabaseTest
	void the_re_runnable_script_creates_the_extensions_schema_as_hbm2ddl_does_and_runs_again(Fixture fixture) throws SQLException {
		final SchemaDescription hbm2ddl = SchemaDescription.read( fixture::connection, EXTENSION_OBJECTS );
		final Database.Connection.Target scripted = fixture.database().create();
		final String path = "META-INF/hibernate-attachments/sql-init/" + fixture.database().name().toLowerCase( Locale.ROOT ) + ".sql";
		final String script;
		try ( InputStream in = MigrationScriptsIT.class.getClassLoader().getResourceAsStream( path ) ) {
			assertThat( in ).as( "%s on the class path", path ).isNotNull();
			script = new String( in.readAllBytes(), StandardCharsets.UTF_8 );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}

		run( scripted, statements( script ) );
		run( scripted, statements( script ) ); // at every start: nothing fails, nothing changes

		assertSameSchema( "The schema of " + path, hbm2ddl, SchemaDescription.read( scripted::open, EXTENSION_OBJECTS ) );
	}

	@DatabaseTest
	void the_script_and_its_template_create_an_owners_schema_as_hbm2ddl_does(Fixture fixture) throws SQLException {
		final SchemaDescription hbm2ddl = SchemaDescription.read( fixture::connection, name -> true );
		final Database.Connection.Target scripted = fixture.database().create();
		final String script = script( fixture.database() );
		run( scripted, statements( script ) );
		run( scripted, statements( SCRIPT_OWNER_TABLE ) );
		run( scripted, statements( template( script, "single", SCRIPT_OWNER ) ) );
		run( scripted, statements( template( script, "list", SCRIPT_OWNER ) ) );

		final SchemaDescription fromScript = SchemaDescription.read( scripted::open, name -> true );

		assertThat( hbm2ddl.tables() ).containsExactlyInAnyOrder(
				"attachment_blobs", "attachment_purges", "attachment_detached_blobs", "script_owners", "scriptowner_pages" );
		assertSameSchema( "The schema of " + scriptPath( fixture.database() ) + " with its TEMPLATE for ScriptOwner",
				hbm2ddl, fromScript );
	}

	@DatabaseTest
	void on_postgresql_the_zero_downtime_template_creates_what_the_plain_template_creates(Fixture fixture)
			throws SQLException {
		assumeTrue( fixture.database() == Database.POSTGRESQL, "the zero-downtime template is for PostgreSQL" );
		final String script = script( fixture.database() );
		final Database.Connection.Target plain = fixture.database().create();
		run( plain, statements( script ) );
		run( plain, statements( SCRIPT_OWNER_TABLE ) );
		run( plain, statements( template( script, "single", SCRIPT_OWNER ) ) );
		final Database.Connection.Target zeroDowntime = fixture.database().create();
		run( zeroDowntime, statements( script ) );
		run( zeroDowntime, statements( SCRIPT_OWNER_TABLE ) );
		// the big table already holds rows: the constraint is validated against them
		run( zeroDowntime, List.of( "insert into script_owners (id) select g from generate_series(1, 1000) g" ) );
		final List<String> steps = statements( template( script, "single-zero-downtime", SCRIPT_OWNER ) );
		assertThat( steps ).as( "the zero-downtime template" ).satisfiesExactly(
				s -> assertThat( s ).startsWith( "alter table script_owners add column document_blob_id bigint" ),
				s -> assertThat( s ).startsWith( "create index concurrently ix_script_owners_document_blob_id" ),
				s -> assertThat( s ).endsWith( "on delete restrict not valid" ),
				s -> assertThat( s ).isEqualTo( "alter table script_owners validate constraint fk_script_owners_document_blob_id" ) );
		run( zeroDowntime, steps );

		assertSameSchema( "The schema of the zero-downtime template (vs. the plain template)",
				SchemaDescription.read( plain::open, name -> true ),
				SchemaDescription.read( zeroDowntime::open, name -> true ) );
		try ( Connection c = zeroDowntime.open(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery( "select convalidated from pg_constraint where conname = 'fk_script_owners_document_blob_id'" ) ) {
			assertThat( rs.next() ).as( "fk_script_owners_document_blob_id exists" ).isTrue();
			assertThat( rs.getBoolean( 1 ) ).as( "fk_script_owners_document_blob_id is validated" ).isTrue();
		}
	}

	/** The comparison is not blind: a schema that lacks one index, or has another ON DELETE rule, differs. */
	@DatabaseTest
	void the_comparison_detects_a_missing_index_and_a_changed_delete_rule(Fixture fixture) throws SQLException {
		final SchemaDescription before = SchemaDescription.read( fixture::connection, name -> true );
		final boolean mariadb = fixture.database() == Database.MARIADB;
		fixture.execute( "drop index ix_attachment_purges_due_at" + ( mariadb ? " on attachment_purges" : "" ) );
		fixture.execute( "alter table script_owners drop " + ( mariadb ? "foreign key" : "constraint" )
				+ " fk_script_owners_document_blob_id" );
		fixture.execute( "alter table script_owners add constraint fk_script_owners_document_blob_id"
				+ " foreign key (document_blob_id) references attachment_blobs (id) on delete set null" );

		final SchemaDescription after = SchemaDescription.read( fixture::connection, name -> true );
		final String onUpdate = mariadb ? "restrict" : "no action"; // each database's default, which hbm2ddl keeps

		assertThat( after.lines() ).isNotEqualTo( before.lines() );
		assertThat( diff( before, after ) ).containsExactlyInAnyOrder(
				"- attachment_purges index ix_attachment_purges_due_at (due_at)",
				"- script_owners foreign key fk_script_owners_document_blob_id (document_blob_id)"
						+ " references attachment_blobs (id) on delete restrict on update " + onUpdate,
				"+ script_owners foreign key fk_script_owners_document_blob_id (document_blob_id)"
						+ " references attachment_blobs (id) on delete set null on update " + onUpdate );
	}

	// ---------------------------------------------------------------------------------------------------------

	/**
	 * Hibernate ORM 7.4 gives a list's order column a {@code check (x_order >= 0)}; 7.2 does not. The shipped
	 * scripts follow 7.4, so on 7.2 that check is the one difference allowed (the script is stricter).
	 */
	private static final boolean HBM2DDL_CHECKS_ORDER_COLUMNS = !org.hibernate.Version.getVersionString().startsWith( "7.2." );

	private static void assertSameSchema(String what, SchemaDescription expected, SchemaDescription actual) {
		final List<String> diff = diff( expected, actual ).stream()
				.filter( line -> HBM2DDL_CHECKS_ORDER_COLUMNS
						|| !line.matches( "(?i)\\+ \\S+ check \\(?[\"`]?\\w+_order[\"`]? >= 0\\)?" ) ) // MariaDB quotes with `
				.toList();
		assertThat( diff )
				.withFailMessage( "%s differs from the expected one (- expected only, + actual only):%n  %s%n%n"
						+ "Expected schema:%n  %s", what, String.join( "\n  ", diff ),
						String.join( "\n  ", expected.lines() ) )
				.isEmpty();
	}

	/** @return the lines only in {@code expected} (prefixed "- ") and only in {@code actual} ("+ ") */
	static List<String> diff(SchemaDescription expected, SchemaDescription actual) {
		final List<String> diff = new ArrayList<>();
		expected.lines().stream().filter( l -> !actual.lines().contains( l ) ).forEach( l -> diff.add( "- " + l ) );
		actual.lines().stream().filter( l -> !expected.lines().contains( l ) ).forEach( l -> diff.add( "+ " + l ) );
		return diff;
	}

	private static String scriptPath(Database database) {
		return "META-INF/hibernate-attachments/sql/" + database.name().toLowerCase( Locale.ROOT ) + "/V1__attachments.sql";
	}

	/** @return the scripts as shipped, in the order they apply: read from the core jar on the class path */
	private static String script(Database database) {
		final StringBuilder scripts = new StringBuilder();
		for ( String name : SCRIPTS ) {
			final String path = scriptPath( database ).replace( SCRIPTS.get( 0 ), name );
			try ( InputStream in = MigrationScriptsIT.class.getClassLoader().getResourceAsStream( path ) ) {
				assertThat( in ).as( "%s on the class path", path ).isNotNull();
				scripts.append( new String( in.readAllBytes(), StandardCharsets.UTF_8 ) ).append( '\n' );
			}
			catch (IOException e) {
				throw new UncheckedIOException( e );
			}
		}
		return scripts.toString();
	}

	/** The versioned scripts, in order (Flyway's naming). */
	private static final List<String> SCRIPTS = List.of( "V1__attachments.sql", "V2__detached_blobs.sql" );

	/** @return the commented block between "-- BEGIN TEMPLATE name" and "-- END TEMPLATE name", uncommented */
	private static String template(String script, String name, Map<String, String> placeholders) {
		final Matcher block = Pattern.compile( "(?ms)^-- BEGIN TEMPLATE " + Pattern.quote( name ) + "\\s*$(.*?)^-- END TEMPLATE "
				+ Pattern.quote( name ) + "\\s*$" ).matcher( script );
		assertThat( block.find() ).as( "TEMPLATE %s in the script", name ).isTrue();
		String sql = block.group( 1 ).lines()
				.map( line -> line.replaceFirst( "^-- ?", "" ) )
				.reduce( "", ( a, b ) -> a + b + "\n" );
		for ( Map.Entry<String, String> placeholder : placeholders.entrySet() ) {
			sql = sql.replace( placeholder.getKey(), placeholder.getValue() );
		}
		assertThat( sql ).as( "TEMPLATE %s, instantiated", name ).doesNotContainPattern( "<[a-z_]+>" );
		return sql;
	}

	/** @return the statements of {@code sql}: comment lines dropped, split at semicolons, whitespace collapsed */
	private static List<String> statements(String sql) {
		final String code = sql.lines()
				.filter( line -> !line.strip().startsWith( "--" ) )
				.reduce( "", ( a, b ) -> a + b + "\n" );
		final List<String> statements = new ArrayList<>();
		for ( String statement : code.split( ";" ) ) {
			final String normalized = statement.strip().replaceAll( "\\s+", " " );
			if ( !normalized.isEmpty() ) {
				statements.add( normalized );
			}
		}
		return statements;
	}

	/** Runs each statement in auto-commit mode (as CREATE INDEX CONCURRENTLY requires). */
	private static void run(Database.Connection.Target target, List<String> statements) throws SQLException {
		try ( Connection c = target.open(); Statement s = c.createStatement() ) {
			for ( String statement : statements ) {
				try {
					s.execute( statement );
				}
				catch (SQLException e) {
					throw new SQLException( "Failed: " + statement + ": " + e.getMessage(), e.getSQLState(), e );
				}
			}
		}
	}

	/** Opens a connection to the database to describe. */
	@FunctionalInterface
	interface ConnectionSource {
		Connection open() throws SQLException;
	}

	/**
	 * A database schema as sorted lines, identifiers in lower case (type names, defaults and check clauses as
	 * the database reports them) and names the database generates (primary key and check constraint names, the
	 * suffix of H2's index names) left out, so that two databases built the same way describe the same.
	 */
	record SchemaDescription(SortedSet<String> tables, List<String> lines) {

		private static final Pattern H2_GENERATED_INDEX_SUFFIX = Pattern.compile( "_index_[0-9a-z]+$" );

		/** @param include which tables and sequences to describe, by lower-case name */
		static SchemaDescription read(ConnectionSource source, Predicate<String> include) throws SQLException {
			try ( Connection c = source.open() ) {
				final DatabaseMetaData metaData = c.getMetaData();
				// MariaDB's databases are JDBC catalogs; H2's and PostgreSQL's are schemas
				final boolean mariadb = metaData.getDatabaseProductName().toLowerCase( Locale.ROOT ).contains( "maria" );
				final Where schema = mariadb ? new Where( c.getCatalog(), null, true ) : new Where( null, c.getSchema(), false );
				final SortedSet<String> tables = new TreeSet<>();
				final Map<String, String> actualNames = new TreeMap<>();
				try ( ResultSet rs = metaData.getTables( schema.catalog(), schema.schema(), "%", new String[] { "TABLE" } ) ) {
					while ( rs.next() ) {
						final String name = rs.getString( "TABLE_NAME" );
						if ( include.test( lower( name ) ) ) {
							tables.add( lower( name ) );
							actualNames.put( lower( name ), name );
						}
					}
				}
				final SortedSet<String> lines = new TreeSet<>();
				for ( String table : tables ) {
					final String name = actualNames.get( table );
					lines.add( table + " table" );
					columns( metaData, schema, name, table, lines );
					final List<String> primaryKey = primaryKey( metaData, schema, name );
					lines.add( table + " primary key (" + String.join( ", ", primaryKey ) + ")" );
					indexes( metaData, schema, name, table, primaryKey, lines );
					foreignKeys( metaData, schema, name, table, lines );
				}
				checks( c, schema, tables, lines );
				sequences( c, schema, include, lines );
				return new SchemaDescription( tables, List.copyOf( lines ) );
			}
		}

		private static void columns(DatabaseMetaData metaData, Where schema, String name, String table,
				Set<String> lines) throws SQLException {
			try ( ResultSet rs = metaData.getColumns( schema.catalog(), schema.schema(), name, "%" ) ) {
				while ( rs.next() ) {
					final int jdbcType = rs.getInt( "DATA_TYPE" );
					final StringBuilder line = new StringBuilder( table ).append( " column " )
							.append( lower( rs.getString( "COLUMN_NAME" ) ) ).append( ' ' )
							.append( jdbcTypeName( jdbcType ) ).append( ' ' ).append( rs.getString( "TYPE_NAME" ) );
					switch ( jdbcType ) {
						case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.BINARY, Types.VARBINARY ->
								line.append( '(' ).append( rs.getInt( "COLUMN_SIZE" ) ).append( ')' );
						case Types.NUMERIC, Types.DECIMAL ->
								line.append( '(' ).append( rs.getInt( "COLUMN_SIZE" ) ).append( ',' )
										.append( rs.getInt( "DECIMAL_DIGITS" ) ).append( ')' );
						case Types.TIME, Types.TIME_WITH_TIMEZONE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE ->
								line.append( '(' ).append( rs.getInt( "DECIMAL_DIGITS" ) ).append( ')' );
						default -> {
						}
					}
					line.append( "NO".equals( rs.getString( "IS_NULLABLE" ) ) ? " not null" : " null" );
					final String defaultValue = rs.getString( "COLUMN_DEF" );
					if ( defaultValue != null ) {
						line.append( " default " ).append( defaultValue );
					}
					lines.add( line.toString() );
				}
			}
		}

		private static List<String> primaryKey(DatabaseMetaData metaData, Where schema, String name)
				throws SQLException {
			final Map<Integer, String> columns = new TreeMap<>();
			try ( ResultSet rs = metaData.getPrimaryKeys( schema.catalog(), schema.schema(), name ) ) {
				while ( rs.next() ) {
					columns.put( rs.getInt( "KEY_SEQ" ), lower( rs.getString( "COLUMN_NAME" ) ) );
				}
			}
			return List.copyOf( columns.values() );
		}

		private static void indexes(DatabaseMetaData metaData, Where schema, String name, String table,
				List<String> primaryKey, Set<String> lines) throws SQLException {
			final Map<String, Map<Integer, String>> columns = new TreeMap<>();
			final Map<String, Boolean> unique = new TreeMap<>();
			try ( ResultSet rs = metaData.getIndexInfo( schema.catalog(), schema.schema(), name, false, false ) ) {
				while ( rs.next() ) {
					final String index = rs.getString( "INDEX_NAME" );
					if ( index == null || rs.getShort( "TYPE" ) == DatabaseMetaData.tableIndexStatistic ) {
						continue;
					}
					columns.computeIfAbsent( index, k -> new TreeMap<>() )
							.put( (int) rs.getShort( "ORDINAL_POSITION" ), lower( rs.getString( "COLUMN_NAME" ) ) );
					unique.put( index, !rs.getBoolean( "NON_UNIQUE" ) );
				}
			}
			columns.forEach( (index, indexColumns) -> {
				final List<String> columnList = List.copyOf( indexColumns.values() );
				final boolean isUnique = unique.get( index );
				final String indexName = isUnique && columnList.equals( primaryKey )
						? "<primary key>"
						: H2_GENERATED_INDEX_SUFFIX.matcher( lower( index ) ).replaceFirst( "" );
				lines.add( table + ( isUnique ? " unique index " : " index " ) + indexName
						+ " (" + String.join( ", ", columnList ) + ")" );
			} );
		}

		private static void foreignKeys(DatabaseMetaData metaData, Where schema, String name, String table,
				Set<String> lines) throws SQLException {
			final Map<String, Map<Integer, String[]>> keys = new TreeMap<>();
			final Map<String, String> descriptions = new TreeMap<>();
			try ( ResultSet rs = metaData.getImportedKeys( schema.catalog(), schema.schema(), name ) ) {
				while ( rs.next() ) {
					final String key = lower( rs.getString( "FK_NAME" ) );
					keys.computeIfAbsent( key, k -> new TreeMap<>() ).put( (int) rs.getShort( "KEY_SEQ" ), new String[] {
							lower( rs.getString( "FKCOLUMN_NAME" ) ), lower( rs.getString( "PKCOLUMN_NAME" ) ) } );
					descriptions.put( key, lower( rs.getString( "PKTABLE_NAME" ) ) + " (%s) on delete "
							+ rule( rs.getShort( "DELETE_RULE" ) ) + " on update " + rule( rs.getShort( "UPDATE_RULE" ) ) );
				}
			}
			keys.forEach( (key, pairs) -> {
				final List<String> from = pairs.values().stream().map( p -> p[0] ).toList();
				final List<String> to = pairs.values().stream().map( p -> p[1] ).toList();
				lines.add( table + " foreign key " + key + " (" + String.join( ", ", from ) + ") references "
						+ descriptions.get( key ).formatted( String.join( ", ", to ) ) );
			} );
		}

		/** Check constraints (without NOT NULL, which the columns show), by table; their names are generated. */
		private static void checks(Connection c, Where schema, Set<String> tables, Set<String> lines) throws SQLException {
			final String query = "select tc.table_name, cc.check_clause from information_schema.table_constraints tc"
					+ " join information_schema.check_constraints cc"
					+ " on cc.constraint_schema = tc.constraint_schema and cc.constraint_name = tc.constraint_name"
					+ " where tc.constraint_type = 'CHECK' and tc.table_schema = ?";
			try ( var s = c.prepareStatement( query ) ) {
				s.setString( 1, schema.name() );
				try ( ResultSet rs = s.executeQuery() ) {
					while ( rs.next() ) {
						final String table = lower( rs.getString( 1 ) );
						final String clause = rs.getString( 2 ).replaceAll( "\\s+", " " );
						if ( tables.contains( table ) && !clause.toLowerCase( Locale.ROOT ).endsWith( " is not null" ) ) {
							lines.add( table + " check " + clause );
						}
					}
				}
			}
		}

		private static void sequences(Connection c, Where schema, Predicate<String> include, Set<String> lines) throws SQLException {
			if ( schema.mariadb() ) {
				// MariaDB has no information_schema.sequences: a sequence is a table of type SEQUENCE that reads as a row
				final List<String> names = new ArrayList<>();
				try ( var s = c.prepareStatement( "select table_name from information_schema.tables where table_schema = ?"
						+ " and table_type = 'SEQUENCE'" ) ) {
					s.setString( 1, schema.name() );
					try ( ResultSet rs = s.executeQuery() ) {
						while ( rs.next() ) {
							names.add( rs.getString( 1 ) );
						}
					}
				}
				for ( String name : names ) {
					if ( include.test( lower( name ) ) ) {
						try ( Statement s = c.createStatement();
								ResultSet rs = s.executeQuery( "select start_value, increment from " + name ) ) {
							rs.next();
							lines.add( "sequence " + lower( name ) + " bigint start " + rs.getString( 1 ) + " increment " + rs.getString( 2 ) );
						}
					}
				}
				return;
			}
			final String query = "select sequence_name, data_type, start_value, increment from information_schema.sequences"
					+ " where sequence_schema = ?";
			try ( var s = c.prepareStatement( query ) ) {
				s.setString( 1, schema.name() );
				try ( ResultSet rs = s.executeQuery() ) {
					while ( rs.next() ) {
						final String name = lower( rs.getString( 1 ) );
						if ( include.test( name ) ) {
							lines.add( "sequence " + name + " " + lower( rs.getString( 2 ) ) + " start "
									+ rs.getString( 3 ) + " increment " + rs.getString( 4 ) );
						}
					}
				}
			}
		}

		/** Where the objects are: a catalog (MariaDB's databases) or a schema (H2, PostgreSQL). */
		private record Where(String catalog, String schema, boolean mariadb) {
			String name() {
				return mariadb ? catalog : schema;
			}
		}

		private static String jdbcTypeName(int type) {
			try {
				return JDBCType.valueOf( type ).getName();
			}
			catch (IllegalArgumentException e) {
				return "type" + type;
			}
		}

		private static String rule(short rule) {
			return switch ( rule ) {
				case DatabaseMetaData.importedKeyCascade -> "cascade";
				case DatabaseMetaData.importedKeyRestrict -> "restrict";
				case DatabaseMetaData.importedKeySetNull -> "set null";
				case DatabaseMetaData.importedKeyNoAction -> "no action";
				case DatabaseMetaData.importedKeySetDefault -> "set default";
				default -> "rule" + rule;
			};
		}

		private static String lower(String identifier) {
			return identifier == null ? null : identifier.toLowerCase( Locale.ROOT );
		}
	}
}
