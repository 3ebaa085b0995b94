/**
 * The delete planner: reorders the entity deletes a flush executes so that every known foreign key holds at
 * every statement, for every entity of the persistence unit, not only attachment owners.
 * <p>
 * The rule: <b>a delete moves only where a known foreign key requires it; when the planner cannot prove an
 * order safe, it leaves Hibernate's order alone.</b>
 * <ul>
 *     <li>{@link io.github.hibernateattachments.internal.planner.ForeignKeyModel}: the foreign keys of
 *     Hibernate's boot-time relational model (identifiers, join and collection tables, secondary tables,
 *     inheritance, unidirectional one-to-many) with their {@code ON DELETE} actions, and which tables each
 *     entity's delete removes rows from;</li>
 *     <li>{@link io.github.hibernateattachments.internal.planner.DatabaseForeignKeys}: the database's own keys
 *     between mapped tables, read once through JDBC metadata;</li>
 *     <li>{@link io.github.hibernateattachments.internal.planner.DeleteGraph}: which entity's deletes must
 *     precede which (restricting keys, through {@code ON DELETE CASCADE} closures), cycles, and the to-one
 *     attributes by which rows of a self-referencing entity can be ordered;</li>
 *     <li>{@link io.github.hibernateattachments.internal.planner.DeletePlanner}: leaves a queue that satisfies
 *     every edge untouched; otherwise reorders only the deletes connected to an out-of-order one, within
 *     their own positions, each entity's deletes together;</li>
 *     <li>{@link io.github.hibernateattachments.internal.planner.RowOrder}: within a self-referencing entity,
 *     rows before the rows they reference, from loaded state only;</li>
 *     <li>the listeners: Hibernate's default flush, auto-flush and delete listeners, subclassed to sort just
 *     before execution and to skip the nulling of references the planner orders anyway. They never
 *     initialize a proxy.</li>
 * </ul>
 */
package io.github.hibernateattachments.internal.planner;
