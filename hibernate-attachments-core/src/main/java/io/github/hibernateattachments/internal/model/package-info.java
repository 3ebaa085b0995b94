/**
 * What the extension knows about a persistence unit and stores in it: the attached attributes of each entity,
 * and the extension's own entities (blob rows, outbox rows, detached blobs).
 */
package io.github.hibernateattachments.internal.model;
