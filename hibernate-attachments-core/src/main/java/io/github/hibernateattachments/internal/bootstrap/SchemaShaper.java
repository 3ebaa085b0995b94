package io.github.hibernateattachments.internal.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

import io.github.hibernateattachments.internal.AssertionFailure;
import io.github.hibernateattachments.internal.model.BlobRecord;

import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Index;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.Value;

/**
 * Gives every foreign key the extension relies on an explicit ON DELETE action, a stable name and an index,
 * before Hibernate exports or validates the schema:
 * <ul>
 *     <li>single attachment: owner column -> blob, {@code ON DELETE RESTRICT}, indexed;</li>
 *     <li>attachment list: collection row -> owner {@code ON DELETE CASCADE}, collection row -> blob
 *     {@code ON DELETE RESTRICT}, both with an index of their own.</li>
 * </ul>
 * The cascade is declared for the database only: Hibernate still deletes the collection rows itself before
 * the owner, so the delete planner sees every row go; the cascade is what keeps bulk deletes consistent.
 */
public final class SchemaShaper {

	private static final int MAX_IDENTIFIER = 60;

	private SchemaShaper() {
	}

	public static void shape(Metadata metadata) {
		final Table blobTable = metadata.getEntityBinding( BlobRecord.class.getName() ).getTable();
		final Set<Table> done = new HashSet<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			for ( Property property : entity.getProperties() ) {
				final Value value = property.getValue();
				if ( AttachedBinder.isAttachment( value ) ) {
					final Column column = blobColumn( (Component) value );
					constrain( column.getValue().getTable(), column, OnDeleteAction.RESTRICT, blobTable );
				}
				else if ( value instanceof Collection collection && AttachedBinder.isAttachment( collection.getElement() ) ) {
					final Table table = collection.getCollectionTable();
					if ( done.add( table ) ) {
						for ( Column keyColumn : collection.getKey().getColumns() ) {
							constrain( table, keyColumn, OnDeleteAction.CASCADE, null );
						}
						constrain( table, blobColumn( (Component) collection.getElement() ), OnDeleteAction.RESTRICT, blobTable );
					}
				}
			}
		}
	}

	private static Column blobColumn(Component attachment) {
		final List<Column> columns = attachment.getColumns();
		if ( columns.size() != 1 ) {
			throw new AssertionFailure( "Attachment maps to one column, found " + columns );
		}
		return columns.get( 0 );
	}

	private static void constrain(Table table, Column column, OnDeleteAction action, Table blobTable) {
		final ForeignKey foreignKey = table.getForeignKeyCollection().stream()
				.filter( fk -> fk.getColumns().size() == 1 && fk.getColumns().get( 0 ) == column )
				.findFirst()
				.orElseGet( () -> missingBlobForeignKey( table, column, blobTable ) );
		foreignKey.setOnDeleteAction( action );
		foreignKey.setName( identifier( "fk", table, column ) );
		if ( !isIndexed( table, column ) ) {
			final Index index = table.getOrCreateIndex( identifier( "ix", table, column ) );
			index.addColumn( column );
		}
	}

	/**
	 * Hibernate creates foreign keys before {@link AttachedBinder} gives each attachment column its own name,
	 * so two attachments of one entity (both {@code blob_id} then) got a single foreign key: add the other.
	 */
	private static ForeignKey missingBlobForeignKey(Table table, Column column, Table blobTable) {
		if ( blobTable == null ) {
			throw new AssertionFailure( "No foreign key on " + table.getName() + "." + column.getName() );
		}
		final ForeignKey foreignKey = table.createForeignKey( null, List.of( column ), BlobRecord.class.getName(), null, null, null );
		foreignKey.setReferencedTable( blobTable );
		return foreignKey;
	}

	/**
	 * Only explicit indexes count: the primary key does not, because Hibernate may still reorder its columns
	 * after integrators run (the default column ordering puts an integer order column before the owner key).
	 */
	private static boolean isIndexed(Table table, Column column) {
		return table.getIndexes().values().stream()
				.anyMatch( index -> !index.getSelectables().isEmpty() && index.getSelectables().get( 0 ) == column );
	}

	/** {@code fk_<table>_<column>}, shortened with a hash to fit every database's identifier limit. */
	public static String identifier(String prefix, Table table, Column column) {
		final String full = ( prefix + "_" + table.getName() + "_" + column.getName() ).toLowerCase( Locale.ROOT )
				.replace( "`", "" ).replace( "\"", "" );
		if ( full.length() <= MAX_IDENTIFIER ) {
			return full;
		}
		final CRC32 crc = new CRC32();
		crc.update( full.getBytes( StandardCharsets.UTF_8 ) );
		return full.substring( 0, MAX_IDENTIFIER - 9 ) + "_" + String.format( "%08x", crc.getValue() );
	}
}
