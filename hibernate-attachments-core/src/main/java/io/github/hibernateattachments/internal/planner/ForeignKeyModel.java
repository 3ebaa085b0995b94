package io.github.hibernateattachments.internal.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Join;
import org.hibernate.mapping.OneToOne;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.ToOne;
import org.hibernate.mapping.UnionSubclass;
import org.hibernate.mapping.Value;

/**
 * The foreign keys of Hibernate's boot-time relational model, and which tables each entity's delete removes
 * rows from: the model the {@link DeleteGraph} is built on. Every foreign key Hibernate would create DDL for
 * is here (identifiers and derived identities, join and collection tables, secondary tables, joined and
 * single-table inheritance, unidirectional one-to-many), with its {@code ON DELETE} action; the database's own
 * keys between these tables are added by {@link DatabaseForeignKeys}.
 */
final class ForeignKeyModel {

	/** One mapped physical table, with what the database's metadata needs to find it. */
	record TableInfo(int index, String catalog, String schema, String name, boolean quoted, Set<String> primaryKey) {
		/** Case-insensitive, unquoted: how a table named by the database's metadata is matched to this one. */
		String matchKey() {
			return matchKey( schema, name );
		}

		static String matchKey(String schema, String name) {
			return ( schema == null ? "" : schema.toLowerCase( Locale.ROOT ) ) + "." + name.toLowerCase( Locale.ROOT );
		}
	}

	/**
	 * A foreign key from rows of {@code from} to rows of {@code to}.
	 *
	 * @param restricting whether deleting a referenced row fails while a referencing row exists (NO ACTION,
	 * RESTRICT); false for CASCADE, SET NULL, SET DEFAULT, deferred keys and keys Hibernate does not create
	 * @param cascading whether deleting a referenced row deletes the referencing rows ({@code ON DELETE CASCADE})
	 * @param sameRow a key between the tables of one entity row (joined inheritance, secondary tables): it never
	 * orders two deletes
	 */
	record Key(int from, int to, Set<String> columns, boolean restricting, boolean cascading, boolean sameRow) {
	}

	/** A top-level to-one attribute of an entity and the foreign key it maps. */
	record ToOneKey(String property, int keyIndex, boolean nullable) {
	}

	private final List<TableInfo> tables;
	private final List<Key> keys;
	/** entity name -> tables its delete removes rows from; absent for entities whose delete removes no row. */
	private final Map<String, Set<Integer>> ownTables;
	/** entity name -> tables holding its rows, whatever its delete does. */
	private final Map<String, Set<Integer>> entityTables;
	/** entity name -> its top-level to-one attributes mapped by a key of {@link #keys}. */
	private final Map<String, List<ToOneKey>> toOneKeys;

	private ForeignKeyModel(List<TableInfo> tables, List<Key> keys, Map<String, Set<Integer>> ownTables,
			Map<String, Set<Integer>> entityTables, Map<String, List<ToOneKey>> toOneKeys) {
		this.tables = tables;
		this.keys = keys;
		this.ownTables = ownTables;
		this.entityTables = entityTables;
		this.toOneKeys = toOneKeys;
	}

	static ForeignKeyModel from(Metadata metadata) {
		final Map<Table, Integer> indexes = new LinkedHashMap<>();
		final List<TableInfo> tables = new ArrayList<>();
		for ( Namespace namespace : metadata.getDatabase().getNamespaces() ) {
			for ( Table table : namespace.getTables() ) {
				if ( table.isPhysicalTable() ) {
					indexes.put( table, tables.size() );
					tables.add( new TableInfo( tables.size(), text( table.getCatalog() ), text( table.getSchema() ),
							table.getName().replace( "`", "" ).replace( "\"", "" ), table.isQuoted(), columnNames( table.getPrimaryKey() == null
									? List.of() : table.getPrimaryKey().getColumns() ) ) );
				}
			}
		}
		final Map<String, Set<Integer>> ownTables = new LinkedHashMap<>();
		final Map<String, Set<Integer>> entityTables = new LinkedHashMap<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			final Set<Integer> owned = new LinkedHashSet<>();
			final List<Table> closure = entity instanceof UnionSubclass ? List.of( entity.getTable() ) : entity.getTableClosure();
			closure.forEach( table -> addIfMapped( indexes, table, owned ) );
			for ( Join join : entity.getJoinClosure() ) {
				addIfMapped( indexes, join.getTable(), owned );
			}
			entityTables.put( entity.getEntityName(), Set.copyOf( owned ) );
			if ( removesRows( entity ) ) {
				ownTables.put( entity.getEntityName(), Set.copyOf( owned ) );
			}
		}
		final List<Key> keys = new ArrayList<>();
		final Map<ForeignKey, Integer> keyIndexes = new HashMap<>();
		indexes.forEach( (table, from) -> {
			for ( ForeignKey foreignKey : table.getForeignKeyCollection() ) {
				final Integer to = foreignKey.getReferencedTable() == null ? null : indexes.get( foreignKey.getReferencedTable() );
				if ( to == null ) {
					continue;
				}
				final var action = foreignKey.getOnDeleteAction();
				final String actionName = action == null ? "NO_ACTION" : action.name();
				final boolean created = foreignKey.isCreationEnabled() && foreignKey.isPhysicalConstraint();
				final Set<String> columns = columnNames( foreignKey.getColumns() );
				keyIndexes.put( foreignKey, keys.size() );
				keys.add( new Key( from, to, columns,
						created && ( actionName.equals( "NO_ACTION" ) || actionName.equals( "RESTRICT" ) ),
						created && actionName.equals( "CASCADE" ),
						isSameRow( from, to, columns, tables, entityTables ) ) );
			}
		} );
		return new ForeignKeyModel( List.copyOf( tables ), keys, ownTables, entityTables,
				toOneKeys( metadata, keyIndexes ) );
	}

	/** Soft-deleted entities and entities with their own delete SQL may keep their rows: they order nothing. */
	private static boolean removesRows(PersistentClass entity) {
		return entity.getRootClass().getSoftDeleteColumn() == null && entity.getCustomSQLDelete() == null;
	}

	/**
	 * A key from a table's primary key to the primary key of another table of the same entity: the joined
	 * subclass table to its superclass table, a secondary table to its primary table.
	 */
	static boolean isSameRow(int from, int to, Set<String> columns, List<TableInfo> tables,
			Map<String, Set<Integer>> entityTables) {
		if ( from == to || !columns.equals( tables.get( from ).primaryKey() ) ) {
			return false;
		}
		return entityTables.values().stream().anyMatch( owned -> owned.contains( from ) && owned.contains( to ) );
	}

	private static Map<String, List<ToOneKey>> toOneKeys(Metadata metadata, Map<ForeignKey, Integer> keyIndexes) {
		final Map<String, List<ToOneKey>> result = new HashMap<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			final List<ToOneKey> found = new ArrayList<>();
			for ( Property property : entity.getPropertyClosure() ) {
				final Value value = property.getValue();
				if ( !( value instanceof ToOne toOne ) || value.hasFormula() || value.getColumns().isEmpty()
						|| value instanceof OneToOne oneToOne && !oneToOne.isConstrained() ) {
					continue;
				}
				final Set<String> columns = columnNames( value.getColumns() );
				keyIndexes.forEach( (foreignKey, index) -> {
					if ( foreignKey.getTable() == value.getTable() && columnNames( foreignKey.getColumns() ).equals( columns )
							&& toOne.getReferencedEntityName() != null ) {
						found.add( new ToOneKey( property.getName(), index, value.getColumns().stream().allMatch( Column::isNullable ) ) );
					}
				} );
			}
			if ( !found.isEmpty() ) {
				result.put( entity.getEntityName(), List.copyOf( found ) );
			}
		}
		return result;
	}

	private static void addIfMapped(Map<Table, Integer> indexes, Table table, Set<Integer> into) {
		final Integer index = indexes.get( table );
		if ( index != null ) {
			into.add( index );
		}
	}

	private static Set<String> columnNames(List<Column> columns) {
		final Set<String> names = new HashSet<>();
		columns.forEach( column -> names.add( column.getName().replace( "`", "" ).replace( "\"", "" ).toLowerCase( Locale.ROOT ) ) );
		return Set.copyOf( names );
	}

	private static String text(String identifier) {
		return identifier == null ? null : identifier.replace( "`", "" ).replace( "\"", "" );
	}

	List<TableInfo> tables() {
		return tables;
	}

	List<Key> keys() {
		return keys;
	}

	/** Entity names, in mapping order; entities whose deletes remove no rows included. */
	Set<String> entities() {
		return entityTables.keySet();
	}

	/** @return the tables the entity's delete removes rows from, empty for soft delete and custom delete SQL */
	Set<Integer> ownTables(String entity) {
		return ownTables.getOrDefault( entity, Set.of() );
	}

	List<ToOneKey> toOneKeys(String entity) {
		return toOneKeys.getOrDefault( entity, List.of() );
	}

	/** @return entity name -> the tables holding its rows, whatever its delete does */
	Map<String, Set<Integer>> allEntityTables() {
		return entityTables;
	}
}
