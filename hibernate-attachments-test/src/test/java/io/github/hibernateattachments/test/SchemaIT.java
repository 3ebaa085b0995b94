package io.github.hibernateattachments.test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant I1 on the schema hbm2ddl creates for {@link Owner} and {@link Contract}, read back with
 * {@link DatabaseMetaData}: every reference to a blob or an owner is a real foreign key with an explicit
 * ON DELETE action (restrict towards blobs, cascade from an owner to its attachment list) and an index
 * led by its column, and there is no polymorphic (type, id) pair.
 */
@OnlyOn({ Database.H2, Database.POSTGRESQL }) // reads the schema the way H2 and PostgreSQL report it
class SchemaIT {

	private static final String BLOBS = "attachment_blobs";

	@DatabaseTest
	void single_attachments_reference_the_blob_table_on_delete_restrict(Fixture fixture) throws SQLException {
		final Schema schema = Schema.read( fixture );

		assertThat( schema.foreignKey( "owners", "avatar_blob_id" ) )
				.isEqualTo( new ForeignKey( "fk_owners_avatar_blob_id", "owners", "avatar_blob_id", BLOBS, "id",
						DatabaseMetaData.importedKeyRestrict ) );
		assertThat( schema.foreignKey( "owners", "banner_blob_id" ) )
				.isEqualTo( new ForeignKey( "fk_owners_banner_blob_id", "owners", "banner_blob_id", BLOBS, "id",
						DatabaseMetaData.importedKeyRestrict ) );
		assertThat( schema.foreignKey( "contracts", "signedcopy_blob_id" ) )
				.isEqualTo( new ForeignKey( "fk_contracts_signedcopy_blob_id", "contracts", "signedcopy_blob_id", BLOBS,
						"id", DatabaseMetaData.importedKeyRestrict ) );
		assertThat( schema.foreignKey( "contracts", "draft_blob_id" ) )
				.isEqualTo( new ForeignKey( "fk_contracts_draft_blob_id", "contracts", "draft_blob_id", BLOBS, "id",
						DatabaseMetaData.importedKeyRestrict ) );
	}

	@DatabaseTest
	void attachment_lists_cascade_from_their_owner_and_restrict_their_blob(Fixture fixture) throws SQLException {
		final Schema schema = Schema.read( fixture );

		final String photos = schema.collectionTableOf( "owners" );
		assertThat( photos ).isEqualTo( "owner_photos" );
		assertThat( schema.foreignKey( photos, "owner_id" ) )
				.isEqualTo( new ForeignKey( "fk_owner_photos_owner_id", photos, "owner_id", "owners", "id",
						DatabaseMetaData.importedKeyCascade ) );
		assertThat( schema.foreignKey( photos, "blob_id" ) )
				.isEqualTo( new ForeignKey( "fk_owner_photos_blob_id", photos, "blob_id", BLOBS, "id",
						DatabaseMetaData.importedKeyRestrict ) );

		final String annexes = schema.collectionTableOf( "contracts" );
		assertThat( annexes ).isEqualTo( "contract_annexes" );
		assertThat( schema.foreignKey( annexes, "contract_id" ) )
				.isEqualTo( new ForeignKey( "fk_contract_annexes_contract_id", annexes, "contract_id", "contracts", "id",
						DatabaseMetaData.importedKeyCascade ) );
		assertThat( schema.foreignKey( annexes, "blob_id" ) )
				.isEqualTo( new ForeignKey( "fk_contract_annexes_blob_id", annexes, "blob_id", BLOBS, "id",
						DatabaseMetaData.importedKeyRestrict ) );
	}

	@DatabaseTest
	void a_detached_blob_row_goes_with_its_blob(Fixture fixture) throws SQLException {
		final Schema schema = Schema.read( fixture );

		assertThat( schema.foreignKey( "attachment_detached_blobs", "blob_id" ) )
				.isEqualTo( new ForeignKey( "fk_attachment_detached_blobs_blob_id", "attachment_detached_blobs", "blob_id",
						BLOBS, "id", DatabaseMetaData.importedKeyCascade ) );
	}

	@DatabaseTest
	void every_foreign_key_names_its_on_delete_action(Fixture fixture) throws SQLException {
		final Schema schema = Schema.read( fixture );

		assertThat( schema.foreignKeys() ).as( "foreign keys" ).hasSize( 9 );
		assertThat( schema.foreignKeys() )
				.as( "foreign keys with ON DELETE NO ACTION (the default, i.e. no action named)" )
				.filteredOn( fk -> fk.deleteRule() == DatabaseMetaData.importedKeyNoAction )
				.isEmpty();
		assertThat( schema.foreignKeys() )
				.as( "foreign keys with another ON DELETE action than RESTRICT or CASCADE" )
				.filteredOn( fk -> fk.deleteRule() != DatabaseMetaData.importedKeyRestrict
						&& fk.deleteRule() != DatabaseMetaData.importedKeyCascade )
				.isEmpty();
	}

	/**
	 * PostgreSQL does not index foreign key columns by itself (H2 does): without an index led by the column,
	 * each delete of a referenced row (a blob, an owner and the cascade to its list) scans the whole
	 * referencing table.
	 */
	@DatabaseTest
	void every_foreign_key_column_leads_an_index(Fixture fixture) throws SQLException {
		final Schema schema = Schema.read( fixture );

		final List<String> unindexed = new ArrayList<>();
		for ( ForeignKey fk : schema.foreignKeys() ) {
			final Set<String> leading = schema.leadingIndexColumns( fk.table() );
			if ( !leading.contains( fk.column() ) ) {
				unindexed.add( fk + " (indexes of " + fk.table() + ": " + schema.indexes( fk.table() ) + ")" );
			}
		}
		assertThat( schema.foreignKeys() ).as( "foreign keys" ).hasSize( 9 );
		assertThat( unindexed )
				.withFailMessage( "Foreign key columns on %s that lead no index:%n  %s", fixture.database(),
						String.join( "\n  ", unindexed ) )
				.isEmpty();
	}

	@DatabaseTest
	void no_polymorphic_association_and_no_reference_without_a_foreign_key(Fixture fixture) throws SQLException {
		final Schema schema = Schema.read( fixture );

		assertThat( schema.columns().keySet() ).containsExactlyInAnyOrder( BLOBS, "attachment_purges",
				"attachment_detached_blobs", "owners", "owner_photos", "contracts", "contract_annexes" );
		final List<String> typeIdPairs = new ArrayList<>();
		final List<String> idsWithoutForeignKey = new ArrayList<>();
		schema.columns().forEach( (table, columns) -> {
			for ( String column : columns ) {
				if ( column.endsWith( "_type" ) ) {
					final String prefix = column.substring( 0, column.length() - "_type".length() );
					columns.stream().filter( c -> c.equals( prefix + "_id" ) || c.startsWith( prefix + "_" ) && c.endsWith( "_id" ) )
							.forEach( c -> typeIdPairs.add( table + "(" + column + ", " + c + ")" ) );
				}
				if ( column.endsWith( "_id" ) && schema.foreignKeys().stream()
						.noneMatch( fk -> fk.table().equals( table ) && fk.column().equals( column ) ) ) {
					idsWithoutForeignKey.add( table + "." + column );
				}
			}
		} );
		assertThat( typeIdPairs ).as( "(type, id) column pairs, i.e. polymorphic associations" ).isEmpty();
		assertThat( idsWithoutForeignKey ).as( "*_id columns without a foreign key" ).isEmpty();
		assertThat( schema.columns().get( BLOBS ) ).as( "columns of " + BLOBS )
				.noneMatch( c -> c.startsWith( "record_" ) || c.startsWith( "owner_" ) || c.startsWith( "attachable_" ) );
	}

	// ---------------------------------------------------------------------------------------------------------

	/** A single-column foreign key; identifiers in lower case. */
	record ForeignKey(String name, String table, String column, String referencedTable, String referencedColumn,
			int deleteRule) {
		@Override
		public String toString() {
			return name + ": " + table + "(" + column + ") -> " + referencedTable + "(" + referencedColumn + ")"
					+ " on delete " + switch ( deleteRule ) {
						case DatabaseMetaData.importedKeyCascade -> "cascade";
						case DatabaseMetaData.importedKeyRestrict -> "restrict";
						case DatabaseMetaData.importedKeySetNull -> "set null";
						case DatabaseMetaData.importedKeyNoAction -> "no action";
						case DatabaseMetaData.importedKeySetDefault -> "set default";
						default -> "rule " + deleteRule;
					};
		}
	}

	/** The tables of the test database: columns, foreign keys and indexes (name -> columns), in lower case. */
	record Schema(Map<String, List<String>> columns, List<ForeignKey> foreignKeys,
			Map<String, Map<String, List<String>>> indexesByTable) {

		static Schema read(Fixture fixture) throws SQLException {
			try ( Connection c = fixture.connection() ) {
				final DatabaseMetaData metaData = c.getMetaData();
				final String schema = c.getSchema();
				final List<String> tables = new ArrayList<>();
				try ( ResultSet rs = metaData.getTables( null, schema, "%", new String[] { "TABLE" } ) ) {
					while ( rs.next() ) {
						tables.add( rs.getString( "TABLE_NAME" ) );
					}
				}
				final Map<String, List<String>> columns = new TreeMap<>();
				final List<ForeignKey> foreignKeys = new ArrayList<>();
				final Map<String, Map<String, List<String>>> indexes = new TreeMap<>();
				for ( String table : tables ) {
					try ( ResultSet rs = metaData.getColumns( null, schema, table, "%" ) ) {
						while ( rs.next() ) {
							columns.computeIfAbsent( lower( table ), k -> new ArrayList<>() )
									.add( lower( rs.getString( "COLUMN_NAME" ) ) );
						}
					}
					try ( ResultSet rs = metaData.getImportedKeys( null, schema, table ) ) {
						while ( rs.next() ) {
							assertThat( rs.getShort( "KEY_SEQ" ) ).as( "foreign key %s has one column", rs.getString( "FK_NAME" ) )
									.isEqualTo( (short) 1 );
							foreignKeys.add( new ForeignKey( lower( rs.getString( "FK_NAME" ) ), lower( table ),
									lower( rs.getString( "FKCOLUMN_NAME" ) ), lower( rs.getString( "PKTABLE_NAME" ) ),
									lower( rs.getString( "PKCOLUMN_NAME" ) ), rs.getShort( "DELETE_RULE" ) ) );
						}
					}
					final Map<String, Map<Integer, String>> tableIndexes = new TreeMap<>();
					try ( ResultSet rs = metaData.getIndexInfo( null, schema, table, false, false ) ) {
						while ( rs.next() ) {
							final String index = rs.getString( "INDEX_NAME" );
							if ( index != null && rs.getShort( "TYPE" ) != DatabaseMetaData.tableIndexStatistic ) {
								tableIndexes.computeIfAbsent( lower( index ), k -> new TreeMap<>() )
										.put( (int) rs.getShort( "ORDINAL_POSITION" ), lower( rs.getString( "COLUMN_NAME" ) ) );
							}
						}
					}
					final Map<String, List<String>> byName = new TreeMap<>();
					tableIndexes.forEach( (name, cols) -> byName.put( name, List.copyOf( cols.values() ) ) );
					indexes.put( lower( table ), byName );
				}
				return new Schema( columns, foreignKeys, indexes );
			}
		}

		/** @return the only foreign key of {@code table} on {@code column} */
		ForeignKey foreignKey(String table, String column) {
			final List<ForeignKey> matching = foreignKeys.stream()
					.filter( fk -> fk.table().equals( table ) && fk.column().equals( column ) )
					.toList();
			assertThat( matching ).as( "foreign keys on %s.%s, among %s", table, column, foreignKeys ).hasSize( 1 );
			return matching.get( 0 );
		}

		/** @return the one table with a foreign key to {@code ownerTable}: its attachment list */
		String collectionTableOf(String ownerTable) {
			final List<String> referencing = foreignKeys.stream()
					.filter( fk -> fk.referencedTable().equals( ownerTable ) )
					.map( ForeignKey::table )
					.distinct()
					.toList();
			assertThat( referencing ).as( "tables referencing %s, among %s", ownerTable, foreignKeys ).hasSize( 1 );
			return referencing.get( 0 );
		}

		Map<String, List<String>> indexes(String table) {
			return indexesByTable.getOrDefault( table, Map.of() );
		}

		Set<String> leadingIndexColumns(String table) {
			final Set<String> leading = new TreeSet<>();
			indexes( table ).values().forEach( cols -> leading.add( cols.get( 0 ) ) );
			return leading;
		}

		private static String lower(String identifier) {
			return identifier == null ? null : identifier.toLowerCase( Locale.ROOT );
		}
	}
}
