package io.github.hibernateattachments.internal.bootstrap;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;

import org.hibernate.binder.AttributeBinder;
import org.hibernate.boot.spi.MetadataBuildingContext;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.IndexedCollection;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.Value;

/**
 * Binds {@link Attached}: checks the attribute's type and names the single-attachment column
 * {@code <attribute>_blob_id}, so that several attachments of one entity get distinct columns. Foreign-key
 * actions, names and indexes are set by {@link SchemaShaper} once the whole mapping is bound.
 */
public final class AttachedBinder implements AttributeBinder<Attached> {

	/** The column name inside {@link Attachment}; prefixed with the attribute name for single attachments. */
	public static final String BLOB_COLUMN = "blob_id";

	@Override
	public void bind(Attached annotation, MetadataBuildingContext buildingContext, PersistentClass persistentClass,
			Property property) {
		final Value value = property.getValue();
		if ( isAttachment( value ) ) {
			prefixColumns( (Component) value, property.getName() );
		}
		else if ( value instanceof Collection collection && isAttachment( collection.getElement() ) ) {
			if ( !( collection instanceof IndexedCollection ) || collection.isMap() ) {
				throw new AttachmentException( "Invalid @Attached collection " + persistentClass.getEntityName() + "."
						+ property.getName() + ": a collection of attachments must be a List with @OrderColumn,"
						+ " so that its order is kept; add @OrderColumn to the attribute" );
			}
		}
		else {
			throw new AttachmentException( "Invalid @Attached attribute " + persistentClass.getEntityName() + "."
					+ property.getName() + ": its type must be Attachment, or List<Attachment> annotated"
					+ " @ElementCollection and @OrderColumn" );
		}
	}

	public static boolean isAttachment(Value value) {
		return value instanceof Component component && component.getComponentClass() == Attachment.class;
	}

	private static void prefixColumns(Component component, String attributeName) {
		final Table table = component.getTable();
		for ( Column column : component.getColumns() ) {
			if ( !column.getName().equals( BLOB_COLUMN ) ) {
				continue; // already named, e.g. by @AttributeOverride / @AssociationOverride
			}
			final boolean inTable = table.getColumns().stream().anyMatch( c -> c == column );
			column.setName( attributeName + "_" + BLOB_COLUMN );
			if ( inTable ) {
				table.columnRenamed( column );
			}
			else {
				// the table kept another attachment's column of the same (old) name: this one is new
				table.addColumn( column );
			}
		}
	}
}
