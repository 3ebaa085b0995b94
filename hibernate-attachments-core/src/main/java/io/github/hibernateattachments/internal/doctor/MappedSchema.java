package io.github.hibernateattachments.internal.doctor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Join;
import org.hibernate.mapping.ManyToOne;
import org.hibernate.mapping.OneToOne;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.ToOne;
import org.hibernate.mapping.Value;

/**
 * What the Hibernate mapping says about the schema: the mapped tables and every foreign key Hibernate would
 * create DDL for, with the association it maps, the {@code ON DELETE} action the mapping asks for, and whether
 * Hibernate itself removes the referencing rows when the referenced one is deleted. Built once at boot from the
 * relational model, which is gone once the SessionFactory exists.
 */
public final class MappedSchema {

	private static final String ATTACHMENT = "io.github.hibernateattachments.Attachment";

	/** A mapped physical table. Names are as the mapping gives them, without quotes. */
	public record MappedTable(String catalog, String schema, String name, boolean quoted, List<String> primaryKey,
			Map<String, Boolean> nullable, String entity) {
		public String label() {
			return schema == null ? name : schema + "." + name;
		}
	}

	/**
	 * A foreign key of the mapping.
	 *
	 * @param onDelete the action {@code @OnDelete} asks for ({@code CASCADE}, {@code SET_NULL}, {@code RESTRICT},
	 * ...), or {@code null} when the mapping says nothing
	 * @param created whether Hibernate would create the key (false for {@code @ForeignKey(NO_CONSTRAINT)})
	 * @param association the attribute or collection that maps it, e.g. {@code Order.customer}
	 * @param managed whether Hibernate removes or unlinks the referencing rows itself before it deletes the
	 * referenced one: collection tables, a parent collection with {@code cascade = REMOVE} or orphan removal,
	 * the tables of one joined or secondary-table entity
	 * @param cascadeRemoveToShared a many-to-one with {@code cascade = REMOVE}: removing one row removes the row
	 * other rows may share
	 */
	public record MappedKey(MappedTable table, List<String> columns, MappedTable referenced, List<String> referencedColumns,
			String onDelete, boolean created, String association, boolean managed, boolean cascadeRemoveToShared) {
	}

	private final List<MappedTable> tables;
	private final List<MappedKey> keys;

	private MappedSchema(List<MappedTable> tables, List<MappedKey> keys) {
		this.tables = tables;
		this.keys = keys;
	}

	public List<MappedTable> tables() {
		return tables;
	}

	public List<MappedKey> keys() {
		return keys;
	}

	public static MappedSchema from(Metadata metadata) {
		final Map<Table, MappedTable> tables = new LinkedHashMap<>();
		final Map<Table, String> entityOfTable = new IdentityHashMap<>();
		final Map<Table, Set<String>> entitiesOfTable = new IdentityHashMap<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			for ( Table table : entity.getTableClosure() ) {
				entitiesOfTable.computeIfAbsent( table, t -> new HashSet<>() ).add( entity.getEntityName() );
			}
			for ( Join join : entity.getJoinClosure() ) {
				entitiesOfTable.computeIfAbsent( join.getTable(), t -> new HashSet<>() ).add( entity.getEntityName() );
			}
			entityOfTable.putIfAbsent( entity.getTable(), simpleName( entity.getEntityName() ) );
		}
		for ( Namespace namespace : metadata.getDatabase().getNamespaces() ) {
			for ( Table table : namespace.getTables() ) {
				if ( !table.isPhysicalTable() ) {
					continue;
				}
				final Map<String, Boolean> nullable = new LinkedHashMap<>();
				for ( Column column : table.getColumns() ) {
					nullable.put( name( column ), column.isNullable() && !isPrimaryKeyColumn( table, column ) );
				}
				tables.put( table, new MappedTable( text( table.getCatalog() ), text( table.getSchema() ), text( table.getName() ),
						table.isQuoted(), table.getPrimaryKey() == null ? List.of() : names( table.getPrimaryKey().getColumns() ),
						nullable, entityOfTable.get( table ) ) );
			}
		}
		final Associations associations = new Associations();
		final List<PersistentClass> bindings = new ArrayList<>( metadata.getEntityBindings() );
		// superclasses first: an inherited attribute is named after the entity that declares it
		bindings.sort( java.util.Comparator.comparingInt( MappedSchema::depth ) );
		for ( PersistentClass entity : bindings ) {
			final String owner = simpleName( entity.getEntityName() );
			if ( entity.getIdentifierProperty() != null ) {
				associations.property( owner, entity.getIdentifierProperty() );
			}
			else if ( entity.getIdentifier() instanceof Component id ) {
				associations.component( owner, id );
			}
			if ( entity.getIdentifierMapper() != null ) {
				associations.component( owner, entity.getIdentifierMapper() );
			}
			for ( Property property : entity.getPropertyClosure() ) {
				associations.property( owner, property );
			}
		}
		// owning sides first: a join table's keys are named after the collection that maps them
		for ( Collection collection : metadata.getCollectionBindings() ) {
			if ( !collection.isInverse() ) {
				associations.collection( collection );
			}
		}
		for ( Collection collection : metadata.getCollectionBindings() ) {
			if ( collection.isInverse() ) {
				associations.collection( collection );
			}
		}
		final List<MappedKey> keys = new ArrayList<>();
		tables.forEach( (table, mapped) -> {
			for ( ForeignKey foreignKey : table.getForeignKeyCollection() ) {
				final Table referencedTable = foreignKey.getReferencedTable();
				final MappedTable referenced = referencedTable == null ? null : tables.get( referencedTable );
				if ( referenced == null || !foreignKey.isPhysicalConstraint() ) {
					continue;
				}
				final List<String> columns = names( foreignKey.getColumns() );
				final List<String> referencedColumns = foreignKey.isReferenceToPrimaryKey() || foreignKey.getReferencedColumns().isEmpty()
						? referenced.primaryKey()
						: names( foreignKey.getReferencedColumns() );
				final Set<String> entities = entitiesOfTable.getOrDefault( table, Set.of() );
				final boolean sameRow = table != referencedTable && Set.copyOf( columns ).equals( Set.copyOf( mapped.primaryKey() ) )
						&& entities.stream().anyMatch( e -> entitiesOfTable.getOrDefault( referencedTable, Set.of() ).contains( e ) );
				final String key = Associations.key( table, columns );
				final String association = sameRow
						? ( mapped.entity() != null ? mapped.entity() : mapped.name() ) + " (its row in " + mapped.name() + ")"
						: associations.names.getOrDefault( key, mapped.name() + "(" + String.join( ", ", columns ) + ")" );
				final var action = foreignKey.getOnDeleteAction();
				keys.add( new MappedKey( mapped, columns, referenced, referencedColumns, action == null ? null : action.name(),
						foreignKey.isCreationEnabled(), association, sameRow || associations.managed.contains( key ),
						associations.cascadeRemoveToShared.contains( key ) ) );
			}
		} );
		return new MappedSchema( List.copyOf( tables.values() ), List.copyOf( keys ) );
	}

	/** Collects, per (table, columns), the attribute that maps a key and what Hibernate does on delete. */
	private static final class Associations {
		final Map<String, String> names = new LinkedHashMap<>();
		final Set<String> managed = new HashSet<>();
		final Set<String> cascadeRemoveToShared = new HashSet<>();

		static String key(Table table, List<String> columns) {
			return System.identityHashCode( table ) + ":" + new java.util.TreeSet<>( columns );
		}

		void property(String path, Property property) {
			property( path, property, false );
		}

		private void property(String path, Property property, boolean inAttachment) {
			final Value value = property.getValue();
			// an @Attached attribute is named as the user wrote it, not after the reference inside the Attachment
			final String name = inAttachment ? path : path + "." + property.getName();
			if ( value instanceof Component component ) {
				component( name, component );
			}
			else if ( value instanceof ToOne toOne && !value.hasFormula() && !keyColumns( toOne ).isEmpty() ) {
				final String key = key( value.getTable(), names( keyColumns( toOne ) ) );
				names.putIfAbsent( key, name );
				if ( toOne instanceof ManyToOne manyToOne && !manyToOne.isLogicalOneToOne() && removes( property.getCascade() )
						&& value.getColumns().stream().noneMatch( Column::isUnique ) ) {
					cascadeRemoveToShared.add( key );
				}
			}
		}

		void component(String path, Component component) {
			final boolean attachment = ATTACHMENT.equals( component.getComponentClassName() );
			for ( Property property : component.getProperties() ) {
				property( path, property, attachment );
			}
		}

		/** A one-to-one that shares its parent's primary key ({@code @MapsId}) maps no column of its own: the key is the primary key. */
		private static List<Column> keyColumns(ToOne toOne) {
			if ( toOne.getColumns().isEmpty() && toOne instanceof OneToOne oneToOne && oneToOne.isConstrained()
					&& oneToOne.getTable().getPrimaryKey() != null ) {
				return oneToOne.getTable().getPrimaryKey().getColumns();
			}
			return toOne.getColumns();
		}

		void collection(Collection collection) {
			final String role = simpleName( collection.getOwnerEntityName() ) + collection.getRole()
					.substring( collection.getOwnerEntityName().length() );
			if ( collection.getKey() != null && !collection.getKey().hasFormula() ) {
				final String key = key( collection.getCollectionTable(), names( collection.getKey().getColumns() ) );
				if ( !collection.isInverse() ) {
					names.putIfAbsent( key, role );
					managed.add( key ); // Hibernate deletes (or unlinks) the collection's rows before the owner
				}
				else if ( removesChildren( collection ) ) {
					managed.add( key );
				}
			}
			if ( collection.getElement() instanceof ManyToOne element && !element.hasFormula() ) {
				names.putIfAbsent( key( collection.getCollectionTable(), names( element.getColumns() ) ), role + " (elements)" );
			}
			else if ( collection.getElement() instanceof Component element ) {
				component( role, element );
			}
		}

		/** An inverse ({@code mappedBy}) collection whose owner cascades removal or removes orphans. */
		private static boolean removesChildren(Collection collection) {
			try {
				final String path = collection.getRole().substring( collection.getOwnerEntityName().length() + 1 );
				final Property property = collection.getOwner().getRecursiveProperty( path );
				final String cascade = property.getCascade();
				return removes( cascade ) || cascade != null && cascade.contains( "delete-orphan" );
			}
			catch (RuntimeException e) {
				return false; // an unusual mapping: not counted as managed, the key is then judged by the database
			}
		}

		private static boolean removes(String cascade) {
			if ( cascade == null ) {
				return false;
			}
			for ( String style : cascade.split( "," ) ) {
				switch ( style.trim().toLowerCase( Locale.ROOT ) ) {
					case "all", "all-delete-orphan", "delete", "remove" -> {
						return true;
					}
					default -> {
					}
				}
			}
			return false;
		}
	}

	private static boolean isPrimaryKeyColumn(Table table, Column column) {
		return table.getPrimaryKey() != null && table.getPrimaryKey().getColumns().contains( column );
	}

	static String simpleName(String entityName) {
		return entityName.substring( Math.max( entityName.lastIndexOf( '.' ), entityName.lastIndexOf( '$' ) ) + 1 );
	}

	private static int depth(PersistentClass entity) {
		int depth = 0;
		for ( PersistentClass superclass = entity.getSuperclass(); superclass != null; superclass = superclass.getSuperclass() ) {
			depth++;
		}
		return depth;
	}

	private static List<String> names(List<? extends Selectable> columns) {
		final List<String> names = new ArrayList<>();
		for ( Selectable selectable : columns ) {
			if ( selectable instanceof Column column ) {
				names.add( name( column ) );
			}
		}
		return List.copyOf( names );
	}

	private static String name(Column column) {
		return text( column.getName() );
	}

	private static String text(String identifier) {
		return identifier == null ? null : identifier.replace( "`", "" ).replace( "\"", "" );
	}
}
