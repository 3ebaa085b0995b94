package io.github.hibernateattachments.internal.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.hibernateattachments.internal.bootstrap.AttachedBinder;
import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.DetachedBlob;

import org.hibernate.boot.Metadata;
import org.hibernate.dialect.Dialect;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Table;

/**
 * Every column that references {@code attachment_blobs}, rendered for the dialect: single-attachment columns
 * on owner tables, and the {@code blob_id} column of each attachment-list table. Read once from the mapping;
 * the sweeper's anti-join tests each of them through its foreign-key index.
 *
 * @param blobTable the qualified, quoted name of the blob table
 * @param columns the referencing columns
 */
public record BlobReferences(String blobTable, List<Reference> columns) {

	/** A column that holds blob ids. */
	public record Reference(String table, String column) {
	}

	/**
	 * @param names renders table names as the unit's SQL does: qualified with {@code hibernate.default_schema} and
	 *     {@code hibernate.default_catalog} where the mapping gives none
	 */
	public static BlobReferences from(Metadata metadata, Dialect dialect, SqlStringGenerationContext names) {
		final Set<Reference> references = new LinkedHashSet<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			for ( Property property : entity.getProperties() ) {
				if ( AttachedBinder.isAttachment( property.getValue() ) ) {
					final Column column = ( (Component) property.getValue() ).getColumns().get( 0 );
					references.add( reference( column.getValue().getTable(), column, dialect, names ) );
				}
				else if ( property.getValue() instanceof Collection collection && AttachedBinder.isAttachment( collection.getElement() ) ) {
					final Column column = ( (Component) collection.getElement() ).getColumns().get( 0 );
					references.add( reference( collection.getCollectionTable(), column, dialect, names ) );
				}
			}
		}
		// a detached blob is kept until the application purges it: its row in the detached-blobs table counts
		final Table detached = metadata.getEntityBinding( DetachedBlob.class.getName() ).getTable();
		references.add( new Reference( qualified( detached, dialect, names ),
				dialect.quote( DetachedBlob.BLOB_COLUMN ) ) );
		final Table blobs = metadata.getEntityBinding( BlobRecord.class.getName() ).getTable();
		return new BlobReferences( qualified( blobs, dialect, names ), List.copyOf( new ArrayList<>( references ) ) );
	}

	private static Reference reference(Table table, Column column, Dialect dialect, SqlStringGenerationContext names) {
		return new Reference( qualified( table, dialect, names ), column.getQuotedName( dialect ) );
	}

	private static String qualified(Table table, Dialect dialect, SqlStringGenerationContext names) {
		return names.format( table.getQualifiedTableName() );
	}

	/**
	 * These references plus every foreign key the database itself has into the blob table: another
	 * application sharing the database, or a mapping that does not list every owner (the command-line tool
	 * boots with none), must never make a referenced blob look unreferenced.
	 */
	public BlobReferences withDatabaseForeignKeys(java.sql.Connection connection, Dialect dialect) throws java.sql.SQLException {
		final java.sql.DatabaseMetaData metaData = connection.getMetaData();
		final Set<String> known = new java.util.HashSet<>();
		columns.forEach( r -> known.add( normalized( r.table() ) + '.' + normalized( r.column() ) ) );
		final List<Reference> all = new ArrayList<>( columns );
		for ( String name : List.of( BlobRecord.TABLE, BlobRecord.TABLE.toUpperCase( java.util.Locale.ROOT ) ) ) {
			try ( java.sql.ResultSet keys = metaData.getExportedKeys( connection.getCatalog(), null, name ) ) {
				while ( keys.next() ) {
					final String schema = keys.getString( "FKTABLE_SCHEM" );
					final String table = keys.getString( "FKTABLE_NAME" );
					final String column = keys.getString( "FKCOLUMN_NAME" );
					if ( known.add( normalized( table ) + '.' + normalized( column ) ) ) {
						final String quotedTable = dialect.toQuotedIdentifier( table );
						all.add( new Reference( schema == null || schema.isEmpty() || "public".equalsIgnoreCase( schema )
								|| schema.equalsIgnoreCase( connection.getSchema() )
										? quotedTable
										: dialect.toQuotedIdentifier( schema ) + '.' + quotedTable,
								dialect.toQuotedIdentifier( column ) ) );
					}
				}
			}
		}
		return new BlobReferences( blobTable, List.copyOf( all ) );
	}

	/** {@code "public"."Owner_photos"} -> {@code owner_photos}: the unqualified, unquoted, lower-case name. */
	private static String normalized(String identifier) {
		final String unqualified = identifier.substring( identifier.lastIndexOf( '.' ) + 1 );
		return unqualified.replace( "\"", "" ).replace( "`", "" ).replace( "[", "" ).replace( "]", "" )
				.toLowerCase( java.util.Locale.ROOT );
	}

	/** Binds the cutoff and the id bound of {@link #unreferencedBlobsQuery(java.util.Collection)}. */
	public void bind(java.sql.PreparedStatement statement, java.time.Instant cutoff, long afterId) throws java.sql.SQLException {
		statement.setTimestamp( 1, java.sql.Timestamp.from( cutoff ) );
		for ( int i = 0; i <= columns.size(); i++ ) {
			statement.setLong( 2 + i, afterId );
		}
	}

	/** {@code select count(*) from attachment_blobs b where b.created_at >= ? and not exists (...)}: one parameter. */
	public String youngUnreferencedCountQuery() {
		final StringBuilder sql = new StringBuilder( "select count(*) from " ).append( blobTable )
				.append( " b where b.created_at >= ?" );
		for ( Reference reference : columns ) {
			sql.append( " and not exists (select 1 from " ).append( reference.table() ).append( " r where r." )
					.append( reference.column() ).append( " = b.id)" );
		}
		return sql.toString();
	}

	/**
	 * {@code select count(*) from attachment_blobs b where b.created_at < ? and b.service_name in (...) and not
	 * exists (...)}: the blobs a sweep would take; parameters as {@link #bind}.
	 */
	public String unreferencedCountQuery(java.util.Collection<String> services) {
		return unreferencedBlobsQuery( services ).replace( "select b.id, b.storage_key, b.service_name from ",
				"select count(*) from " ).replace( " order by b.id", "" );
	}

	/**
	 * {@code select b.id, b.storage_key, b.service_name from attachment_blobs b where b.created_at < ? and b.id > ?
	 * and b.service_name in (...) and not exists (select 1 from owners r where r.avatar_blob_id = b.id and
	 * r.avatar_blob_id > ?) and ... order by b.id}: the blobs of configured services that nothing references, after a given id (keyset pagination: each batch continues
	 * where the last ended). Parameters: the cutoff, then the id bound once plus once per column.
	 */
	public String unreferencedBlobsQuery(java.util.Collection<String> services) {
		final StringBuilder sql = new StringBuilder( "select b.id, b.storage_key, b.service_name from " )
				.append( blobTable ).append( " b where b.created_at < ? and b.id > ?" );
		// blobs of a service that is not configured (any more) are left alone: their files cannot be deleted
		sql.append( " and b.service_name in (" );
		if ( services.isEmpty() ) {
			sql.append( "null" );
		}
		sql.append( String.join( ",", services.stream().map( name -> "'" + name.replace( "'", "''" ) + "'" ).toList() ) )
				.append( ')' );
		for ( Reference reference : columns ) {
			// "r.x > ?" repeats the keyset bound: redundant for the result, but it lets a merge anti-join start
			// its scan of the foreign-key index at the bound instead of at the first entry, for every batch
			sql.append( " and not exists (select 1 from " ).append( reference.table() ).append( " r where r." )
					.append( reference.column() ).append( " = b.id and r." ).append( reference.column() ).append( " > ?)" );
		}
		return sql.append( " order by b.id" ).toString();
	}
}
