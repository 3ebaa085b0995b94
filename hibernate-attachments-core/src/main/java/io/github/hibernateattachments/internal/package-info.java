/**
 * Implementation: the integrator, the event listener and flush preparation, the delete planner, the outbox,
 * uploads. Nothing here is API; it may change in any release.
 * <p>
 * Why a pre-flush listener and not entity callbacks: files are written before the flush that references
 * them and deleted only after the commit that unreferences them (through the outbox), so a rollback never
 * loses a file and a commit never leaves a blob row without one.
 */
package io.github.hibernateattachments.internal;
