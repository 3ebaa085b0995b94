package io.github.hibernateattachments.example;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The promises, checked from the outside with plain JDBC and a listing of the storage folder: every blob row
 * has its file (same size and checksum), every file has its blob row, the outbox is empty, every attachment
 * column is a real foreign key with an index, and no row references a missing row.
 */
final class FinalCheck {

	private static final String SCHEMA = "PUBLIC";

	private record ForeignKey(String table, String column, String targetTable, String targetColumn, int deleteRule) {
	}

	private final Database database;
	private final StorageFolder storage;
	private int passed;
	private int failed;

	FinalCheck(Database database, StorageFolder storage) {
		this.database = database;
		this.storage = storage;
	}

	/** @return {@code true} if every check passed */
	boolean run() {
		try {
			checkBlobsHaveFiles();
			checkFilesHaveBlobs();
			checkOutboxEmpty();
			checkForeignKeys();
		}
		catch (SQLException | RuntimeException e) {
			fail( "the check itself failed: " + e );
		}
		return failed == 0;
	}

	String summary() {
		return passed + " checks passed, " + failed + " failed";
	}

	private void checkBlobsHaveFiles() throws SQLException {
		final Map<String, Path> files = storage.files();
		final List<String> problems = new ArrayList<>();
		int rows = 0;
		try ( Connection c = database.open(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery( "select storage_key, byte_size, checksum from attachment_blobs" ) ) {
			while ( rs.next() ) {
				rows++;
				final String key = rs.getString( 1 );
				final Path expected = Path.of( key.substring( 0, 2 ), key.substring( 2, 4 ), key );
				final Path actual = files.get( key );
				if ( actual == null ) {
					problems.add( "blob row '" + key + "' has no file" );
				}
				else if ( !actual.equals( expected ) ) {
					problems.add( "blob '" + key + "' is at " + actual + ", not " + expected );
				}
				else {
					final byte[] content = storage.read( actual );
					final String checksum = SampleContent.sha256( content );
					if ( content.length != rs.getLong( 2 ) || !checksum.equals( rs.getString( 3 ) ) ) {
						problems.add( "the file of blob '" + key + "' differs from its row: the row records "
								+ rs.getLong( 2 ) + " bytes, SHA-256 " + rs.getString( 3 ) + "; the file has "
								+ content.length + " bytes, SHA-256 " + checksum );
					}
				}
			}
		}
		result( problems, "every blob row (" + rows + ") has its file at <root>/<k0k1>/<k2k3>/<key>, with the recorded"
				+ " size and SHA-256" );
	}

	private void checkFilesHaveBlobs() {
		final Set<String> keys = new HashSet<>( database.strings( "select storage_key from attachment_blobs" ) );
		final Map<String, Path> files = storage.files();
		final List<String> problems = new ArrayList<>();
		files.forEach( (key, path) -> {
			if ( !keys.contains( key ) ) {
				problems.add( "file " + path + " has no blob row" );
			}
		} );
		result( problems, "every file in storage (" + files.size() + ") has its blob row" );
	}

	private void checkOutboxEmpty() {
		final long pending = database.count( "select count(*) from attachment_purges" );
		result( pending == 0 ? List.of() : List.of( pending + " outbox rows pending in attachment_purges" ),
				"no outbox rows pending (attachment_purges is empty)" );
	}

	private void checkForeignKeys() throws SQLException {
		try ( Connection c = database.open() ) {
			final DatabaseMetaData meta = c.getMetaData();
			final List<String> tables = tables( meta );
			final Map<String, ForeignKey> foreignKeys = new LinkedHashMap<>();
			for ( String table : tables ) {
				try ( ResultSet rs = meta.getImportedKeys( null, SCHEMA, table ) ) {
					while ( rs.next() ) {
						final ForeignKey fk = new ForeignKey( table, rs.getString( "FKCOLUMN_NAME" ),
								rs.getString( "PKTABLE_NAME" ), rs.getString( "PKCOLUMN_NAME" ), rs.getInt( "DELETE_RULE" ) );
						foreignKeys.put( table + "." + fk.column(), fk );
					}
				}
			}
			// every attachment column is a real foreign key
			final List<String> missing = new ArrayList<>();
			int attachmentColumns = 0;
			for ( String table : tables ) {
				try ( ResultSet rs = meta.getColumns( null, SCHEMA, table, null ) ) {
					while ( rs.next() ) {
						final String column = rs.getString( "COLUMN_NAME" );
						if ( column.toUpperCase( Locale.ROOT ).endsWith( "BLOB_ID" ) ) {
							attachmentColumns++;
							final ForeignKey fk = foreignKeys.get( table + "." + column );
							if ( fk == null || !fk.targetTable().equalsIgnoreCase( "attachment_blobs" ) ) {
								missing.add( lower( table + "." + column ) + " has no FOREIGN KEY to attachment_blobs" );
							}
						}
					}
				}
			}
			result( missing, "every attachment column (" + attachmentColumns + ") is a FOREIGN KEY to attachment_blobs" );
			for ( ForeignKey fk : foreignKeys.values() ) {
				checkForeignKey( c, meta, fk );
			}
		}
	}

	private void checkForeignKey(Connection c, DatabaseMetaData meta, ForeignKey fk) throws SQLException {
		final String query = "select count(t." + fk.column() + "), count(t." + fk.column() + ") - count(p." + fk.targetColumn()
				+ ") from " + fk.table() + " t left join " + fk.targetTable() + " p on p." + fk.targetColumn()
				+ " = t." + fk.column();
		final long references;
		final long dangling;
		try ( Statement s = c.createStatement(); ResultSet rs = s.executeQuery( query ) ) {
			rs.next();
			references = rs.getLong( 1 );
			dangling = rs.getLong( 2 );
		}
		final boolean indexed = firstIndexColumns( meta, fk.table() ).contains( fk.column() );
		final List<String> problems = new ArrayList<>();
		if ( dangling != 0 ) {
			problems.add( dangling + " of " + references + " rows reference a missing row" );
		}
		if ( !indexed ) {
			problems.add( "no index starts with the column" );
		}
		final String name = lower( fk.table() + "." + fk.column() + " -> " + fk.targetTable() + "." + fk.targetColumn() )
				+ " (ON DELETE " + deleteRule( fk.deleteRule() ) + ( indexed ? ", indexed" : "" ) + ")";
		result( problems.stream().map( p -> name + ": " + p ).toList(),
				name + ": " + references + " references, 0 dangling (LEFT JOIN)" );
	}

	private static List<String> tables(DatabaseMetaData meta) throws SQLException {
		final List<String> tables = new ArrayList<>();
		try ( ResultSet rs = meta.getTables( null, SCHEMA, null, new String[] { "TABLE", "BASE TABLE" } ) ) {
			while ( rs.next() ) {
				tables.add( rs.getString( "TABLE_NAME" ) );
			}
		}
		tables.sort( null );
		return tables;
	}

	private static Set<String> firstIndexColumns(DatabaseMetaData meta, String table) throws SQLException {
		final Set<String> columns = new TreeSet<>();
		try ( ResultSet rs = meta.getIndexInfo( null, SCHEMA, table, false, false ) ) {
			while ( rs.next() ) {
				if ( rs.getInt( "ORDINAL_POSITION" ) == 1 && rs.getString( "COLUMN_NAME" ) != null ) {
					columns.add( rs.getString( "COLUMN_NAME" ) );
				}
			}
		}
		return columns;
	}

	private static String deleteRule(int rule) {
		return switch ( rule ) {
			case DatabaseMetaData.importedKeyCascade -> "CASCADE";
			case DatabaseMetaData.importedKeyRestrict -> "RESTRICT";
			case DatabaseMetaData.importedKeySetNull -> "SET NULL";
			case DatabaseMetaData.importedKeyNoAction -> "NO ACTION";
			case DatabaseMetaData.importedKeySetDefault -> "SET DEFAULT";
			default -> "rule " + rule;
		};
	}

	private static String lower(String name) {
		return name.toLowerCase( Locale.ROOT );
	}

	private void result(List<String> problems, String success) {
		if ( problems.isEmpty() ) {
			passed++;
			System.out.println( "CHECK OK: " + success );
		}
		else {
			problems.forEach( this::fail );
		}
	}

	private void fail(String problem) {
		failed++;
		System.out.println( "CHECK FAILED: " + problem );
	}
}
