/**
 * Implementation. Nothing here or in the packages below is API; it may change in any release.
 * <ul>
 *     <li>{@code bootstrap}: integrator, mapping contributor, {@code @Attached} binding, settings, schema check;</li>
 *     <li>{@code model}: attached attributes and the extension's own entities;</li>
 *     <li>{@code event}: flush listeners and per-transaction work;</li>
 *     <li>{@code upload}: storing new content;</li>
 *     <li>{@code outbox}: deleting files after commit, checking interrupted uploads;</li>
 *     <li>{@code sweep}: collecting unreferenced blobs, reconciling with storage;</li>
 *     <li>{@code planner}: the delete planner, which orders deletes so that no foreign key is violated.</li>
 * </ul>
 * This package holds the per-factory runtime that the API calls into, and small helpers shared by the others.
 * <p>
 * Why a pre-flush listener and not entity callbacks: files are written before the flush that references
 * them and deleted only after the commit that unreferences them (through the outbox), so a rollback never
 * loses a file and a commit never leaves a blob row without one.
 */
package io.github.hibernateattachments.internal;
