/**
 * Flush listeners and per-transaction work: before each flush, uploads pending attachments and decides, from
 * each attribute's purge policy, which blobs to refuse, keep or purge; after the commit, deletes the files of
 * purged blobs through the outbox. No file is touched from an entity callback.
 */
package io.github.hibernateattachments.internal.event;
