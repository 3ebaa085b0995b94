/**
 * The outbox: rows that say which stored files to delete (after a commit) or to check (after an upload whose
 * transaction may not commit), claimed with row locks so that several workers never delete the same file twice.
 */
package io.github.hibernateattachments.internal.outbox;
