/**
 * Bootstrap and mapping: the integrator that Hibernate discovers through ServiceLoader, the contributor that
 * adds the extension's tables to every persistence unit, the binder of {@code @Attached}, the foreign keys and
 * indexes given to attachment columns, the settings and their formats, and the boot-time check that the
 * extension's tables exist.
 */
package io.github.hibernateattachments.internal.bootstrap;
