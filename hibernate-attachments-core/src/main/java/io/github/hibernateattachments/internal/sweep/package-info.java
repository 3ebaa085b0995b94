/**
 * Sweep and reconcile: collecting blobs that nothing references any more (bulk deletes and database cascades
 * bypass the flush listeners), and comparing the blob table with what the storage holds.
 */
package io.github.hibernateattachments.internal.sweep;
