package io.github.hibernateattachments.doctor;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.internal.doctor.MappedSchema;
import io.github.hibernateattachments.internal.doctor.MappedSchemas;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The referential-integrity doctor: compares the live database with the Hibernate mapping, foreign key by
 * foreign key, for every entity of the persistence unit (not only those with attachments), and reports
 * <ul>
 * <li>a key the mapping has and the database does not, and the rows that would violate it;</li>
 * <li>an {@code ON DELETE} action that contradicts {@code @OnDelete}, {@code SET NULL} on a column that cannot be
 * null, {@code cascade = REMOVE} on a many-to-one;</li>
 * <li>a key left at the database's default action although nothing in the mapping removes the referencing rows;</li>
 * <li>a key column no index begins with, a key column whose type differs from the column it references;</li>
 * <li>on PostgreSQL, a key added {@code NOT VALID} and never validated.</li>
 * </ul>
 * A report lists each finding with its severity, explanation and fix, and writes the migration:
 * <pre>
 * DoctorReport report = SchemaDoctor.of(entityManagerFactory).examine();
 * report.migration("20261130120000").forEach(script -&gt; script.writeTo(Path.of("src/main/resources/db/migration")));
 * </pre>
 * In a test of the application's own suite, one call fails with the readable report when the schema falls short:
 * <pre>
 * SchemaDoctor.assertSound(entityManagerFactory);
 * </pre>
 * At boot, {@value AttachmentsSettings#DOCTOR} ({@code off}, {@code warn} by default, {@code fail}) runs it
 * without counting orphan rows.
 */
public final class SchemaDoctor {

	private final SessionFactoryImplementor factory;
	private final MappedSchema mapping;
	private boolean countOrphans = true;
	private boolean unmappedTables;
	private final Set<Finding.Kind> ignored = EnumSet.noneOf( Finding.Kind.class );

	private SchemaDoctor(SessionFactoryImplementor factory, MappedSchema mapping) {
		this.factory = factory;
		this.mapping = mapping;
	}

	/**
	 * @param entityManagerFactory a Hibernate persistence unit where hibernate-attachments is active
	 * @throws IllegalArgumentException if it is not Hibernate's, or the extension is not active in it
	 */
	public static SchemaDoctor of(EntityManagerFactory entityManagerFactory) {
		Objects.requireNonNull( entityManagerFactory, "entityManagerFactory" );
		final SessionFactoryImplementor factory;
		try {
			factory = entityManagerFactory.unwrap( SessionFactoryImplementor.class );
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException( "The schema doctor needs a Hibernate ORM EntityManagerFactory, not "
					+ entityManagerFactory.getClass().getName(), e );
		}
		final MappedSchema mapping = MappedSchemas.get( factory.getUuid() );
		if ( mapping == null ) {
			throw new IllegalArgumentException( "hibernate-attachments is not active in the persistence unit '"
					+ factory.getName() + "' (" + AttachmentsSettings.ENABLED + "=false, or the jar is not on the class"
					+ " path Hibernate boots from): the schema doctor reads the mapping as the unit is built" );
		}
		return new SchemaDoctor( factory, mapping );
	}

	/**
	 * Fails, with the report as the message, when the doctor finds anything: one call for a test of the
	 * application's own suite.
	 *
	 * @throws AssertionError listing the findings
	 */
	public static void assertSound(EntityManagerFactory entityManagerFactory) {
		of( entityManagerFactory ).assertSound();
	}

	/**
	 * Whether to count, for each missing or unvalidated key, the rows that violate it (one query per key, a scan
	 * of the referencing table). On by default; off at boot.
	 */
	public SchemaDoctor countingOrphans(boolean count) {
		this.countOrphans = count;
		return this;
	}

	/**
	 * Whether to examine the tables of the default schema the mapping does not know too (their keys' actions,
	 * indexes and types: there is no mapping to compare with). Off by default.
	 */
	public SchemaDoctor includingUnmappedTables(boolean include) {
		this.unmappedTables = include;
		return this;
	}

	/** Leaves findings of these kinds out of the report, e.g. {@code NO_EXPLICIT_ON_DELETE} while a migration is pending. */
	public SchemaDoctor ignoring(Finding.Kind... kinds) {
		ignored.addAll( List.of( kinds ) );
		return this;
	}

	/**
	 * Reads the database's metadata (and runs the orphan counts), and compares.
	 *
	 * @throws AttachmentException if the database cannot be read
	 */
	public DoctorReport examine() {
		final long start = System.nanoTime();
		final JdbcConnectionAccess access = factory.getJdbcServices().getBootstrapJdbcConnectionAccess();
		try {
			final Connection connection = access.obtainConnection();
			try {
				final var names = factory.getSqlStringGenerationContext();
				final Diagnosis diagnosis = new Diagnosis( connection, countOrphans,
						names.getDefaultCatalog() == null ? null : names.getDefaultCatalog().getText(),
						names.getDefaultSchema() == null ? null : names.getDefaultSchema().getText() );
				diagnosis.examine( mapping, unmappedTables );
				return new DoctorReport( diagnosis.found().stream().filter( d -> !ignored.contains( d.finding().kind() ) ).toList(),
						diagnosis.family(), diagnosis.tables(), diagnosis.keys(), diagnosis.missingTables(),
						Duration.ofNanos( System.nanoTime() - start ) );
			}
			finally {
				try {
					if ( !connection.getAutoCommit() ) {
						connection.rollback();
					}
				}
				finally {
					access.releaseConnection( connection );
				}
			}
		}
		catch (SQLException e) {
			throw new AttachmentException( "The schema doctor could not read the database: " + e.getMessage(), e );
		}
	}

	/** @throws AssertionError with the report, when anything is found */
	public void assertSound() {
		final DoctorReport report = examine();
		if ( !report.isClean() ) {
			throw new AssertionError( report.render() );
		}
	}
}
