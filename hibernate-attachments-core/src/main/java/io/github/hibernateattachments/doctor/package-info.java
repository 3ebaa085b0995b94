/**
 * The referential-integrity doctor: {@link io.github.hibernateattachments.doctor.SchemaDoctor} compares the live
 * database with the Hibernate mapping, foreign key by foreign key, and its
 * {@link io.github.hibernateattachments.doctor.DoctorReport} lists the
 * {@link io.github.hibernateattachments.doctor.Finding findings} and writes the
 * {@link io.github.hibernateattachments.doctor.MigrationScript migration} that fixes them.
 */
package io.github.hibernateattachments.doctor;
