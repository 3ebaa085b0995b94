package io.github.hibernateattachments.doctor;

import java.util.List;
import java.util.Objects;

/**
 * One thing the {@link SchemaDoctor} found wrong with the database's referential integrity.
 *
 * @param kind what is wrong
 * @param severity {@link Severity#ERROR} when the database does not enforce what the mapping relies on (a
 * missing key, an action that contradicts the mapping, rows that violate a key), {@link Severity#WARNING} when
 * it does but slowly or by accident (no index, no conscious {@code ON DELETE} choice, mismatched types)
 * @param table the referencing table, as the database names it
 * @param columns the referencing columns, in key order
 * @param referencedTable the referenced table
 * @param referencedColumns the referenced columns, in key order
 * @param association the attribute or collection of the mapping that the key belongs to, e.g.
 * {@code Order.customer}, or the table and columns for a key the mapping does not know
 * @param constraint the name of the database's constraint, {@code null} when there is none
 * @param explanation what is wrong and what it causes, in plain words
 * @param fix what to do about it
 * @param orphanRows for {@link Kind#ORPHAN_ROWS}: how many rows violate the key; 0 otherwise
 * @param orphanQuery for {@link Kind#ORPHAN_ROWS}: the query that lists them; {@code null} otherwise
 * @param orphanCleanup for {@link Kind#ORPHAN_ROWS}: a statement that deletes them (or unlinks them, when the
 * columns may be null), for a human to decide on; {@code null} otherwise
 */
public record Finding(Kind kind, Severity severity, String table, List<String> columns, String referencedTable,
		List<String> referencedColumns, String association, String constraint, String explanation, String fix,
		long orphanRows, String orphanQuery, String orphanCleanup) {

	/** What is wrong. */
	public enum Kind {
		/** The mapping has a foreign key the database does not. */
		MISSING_FOREIGN_KEY,
		/** Rows that violate a key that is missing or not validated: the key cannot be added (validated) before they go. */
		ORPHAN_ROWS,
		/** The database's {@code ON DELETE} action contradicts the mapping's {@code @OnDelete}. */
		ON_DELETE_MISMATCH,
		/** {@code ON DELETE SET NULL} on a column that cannot be null: every delete of a referenced row fails. */
		SET_NULL_ON_NOT_NULL_COLUMN,
		/** {@code cascade = REMOVE} on a many-to-one: removing one row removes the row its siblings share. */
		CASCADE_REMOVE_TO_SHARED_ROW,
		/** A key with the database's default action (NO ACTION) that no mapping asked for: no conscious choice. */
		NO_EXPLICIT_ON_DELETE,
		/** No index leads with the key's columns: deleting a referenced row scans the referencing table. */
		UNINDEXED_FOREIGN_KEY,
		/** A key column's type differs from the type of the column it references. */
		TYPE_MISMATCH,
		/** A key added {@code NOT VALID} (PostgreSQL) and never validated: old rows are not checked. */
		NOT_VALIDATED
	}

	/** How bad it is. */
	public enum Severity {
		/** The database does not enforce what the mapping relies on. */
		ERROR,
		/** Works, but slowly or by accident. */
		WARNING
	}

	public Finding {
		Objects.requireNonNull( kind, "kind" );
		Objects.requireNonNull( severity, "severity" );
		columns = List.copyOf( columns );
		referencedColumns = List.copyOf( referencedColumns );
	}

	/** @return {@code table(columns) -> referencedTable(referencedColumns)} */
	public String keyDescription() {
		return table + "(" + String.join( ", ", columns ) + ") -> " + referencedTable + "(" + String.join( ", ", referencedColumns ) + ")";
	}
}
