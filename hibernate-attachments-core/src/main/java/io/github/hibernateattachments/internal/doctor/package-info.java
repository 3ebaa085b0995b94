/**
 * The mapping side of the schema doctor ({@link io.github.hibernateattachments.doctor.SchemaDoctor}): what the
 * Hibernate mapping says the foreign keys are, captured at boot. Internal: not an API.
 */
package io.github.hibernateattachments.internal.doctor;
