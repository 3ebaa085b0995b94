package io.github.hibernateattachments.doctor;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.hibernateattachments.doctor.Diagnosis.Diagnosed;
import io.github.hibernateattachments.doctor.Diagnosis.Phase;
import io.github.hibernateattachments.doctor.Diagnosis.Step;
import io.github.hibernateattachments.doctor.Finding.Severity;
import io.github.hibernateattachments.doctor.SqlWriter.Family;

/**
 * What the {@link SchemaDoctor} found: the findings, how much it looked at, and the migration that fixes what SQL
 * can fix.
 */
public final class DoctorReport {

	private static final Pattern VERSION = Pattern.compile( "[0-9]+([._][0-9]+)*" );

	private final List<Diagnosed> diagnosed;
	private final List<Finding> findings;
	private final Family family;
	private final int tables;
	private final int foreignKeys;
	private final List<String> missingTables;
	private final Duration took;

	DoctorReport(List<Diagnosed> diagnosed, Family family, int tables, int foreignKeys, List<String> missingTables, Duration took) {
		this.diagnosed = diagnosed.stream()
				.sorted( Comparator.comparing( (Diagnosed d) -> d.finding().severity() )
						.thenComparing( d -> d.finding().table().toLowerCase( Locale.ROOT ) )
						.thenComparing( d -> d.finding().kind() )
						.thenComparing( d -> String.join( ",", d.finding().columns() ) ) )
				.toList();
		this.findings = this.diagnosed.stream().map( Diagnosed::finding ).toList();
		this.family = family;
		this.tables = tables;
		this.foreignKeys = foreignKeys;
		this.missingTables = List.copyOf( missingTables );
		this.took = took;
	}

	/** @return the findings, errors first, then by table */
	public List<Finding> findings() {
		return findings;
	}

	/** @return whether nothing was found */
	public boolean isClean() {
		return findings.isEmpty();
	}

	public long errors() {
		return findings.stream().filter( f -> f.severity() == Severity.ERROR ).count();
	}

	public long warnings() {
		return findings.stream().filter( f -> f.severity() == Severity.WARNING ).count();
	}

	/** @return how many tables of the database were examined */
	public int tables() {
		return tables;
	}

	/** @return how many foreign keys (mapped or found in the database) were examined */
	public int foreignKeys() {
		return foreignKeys;
	}

	/**
	 * @return the mapped tables the database does not have (not created yet, or in a schema the doctor was not
	 * pointed at): not examined, and not findings of their own
	 */
	public List<String> missingTables() {
		return missingTables;
	}

	/** @return the database's kind: PostgreSQL, H2, MariaDB or other */
	public String database() {
		return family.label;
	}

	public Duration took() {
		return took;
	}

	/** @return a one-line summary, e.g. {@code 2 errors, 3 warnings in 12 tables and 15 foreign keys (PostgreSQL)} */
	public String summary() {
		return ( isClean() ? "no problem found" : plural( errors(), "error" ) + ", " + plural( warnings(), "warning" ) )
				+ " in " + plural( tables, "table" ) + " and " + plural( foreignKeys, "foreign key" ) + " (" + family.label + ")";
	}

	/** @return the report as text, one paragraph per finding: what, why, and how to fix it */
	public String render() {
		final StringBuilder text = new StringBuilder( "Schema doctor: " ).append( summary() ).append( '\n' );
		if ( !missingTables.isEmpty() ) {
			text.append( "Not examined, the database has no table " ).append( String.join( ", ", missingTables ) ).append( '\n' );
		}
		for ( Finding finding : findings ) {
			text.append( '\n' ).append( finding.severity() ).append( ' ' ).append( finding.kind() ).append( "  " )
					.append( finding.keyDescription() ).append( "  [" ).append( finding.association() ).append( "]\n" );
			text.append( "    " ).append( finding.explanation() ).append( '\n' );
			text.append( "    Fix: " ).append( finding.fix() ).append( '\n' );
			if ( finding.orphanQuery() != null ) {
				text.append( "    Rows: " ).append( finding.orphanQuery() ).append( '\n' );
			}
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return render();
	}

	/**
	 * The migration for the findings, as Flyway-style files with the given version: on PostgreSQL the indexes
	 * ({@code CREATE INDEX CONCURRENTLY}, outside a transaction), then the keys ({@code NOT VALID}: no long lock),
	 * then their validation, preceded by the orphan clean-up statements, commented out; on H2, MariaDB and others
	 * the indexes, then the keys, preceded by the commented clean-up. Findings SQL cannot fix (a mapping that
	 * contradicts itself) have no statement: their explanation says what to change.
	 *
	 * @param version the Flyway version of the files, digits with {@code _} or {@code .} between them, e.g.
	 * {@code 20261130120000}
	 * @return the files, empty when there is nothing to fix
	 */
	public List<MigrationScript> migration(String version) {
		if ( version == null || !VERSION.matcher( version ).matches() ) {
			throw new IllegalArgumentException( "A migration version is digits, with '_' or '.' between them (e.g. "
					+ DateTimeFormatter.ofPattern( "yyyyMMddHHmmss" ).format( ZonedDateTime.now( ZoneOffset.UTC ) )
					+ "), not '" + version + "'" );
		}
		final String base = version.replace( '.', '_' );
		final boolean postgres = family == Family.POSTGRESQL;
		final StringBuilder indexes = new StringBuilder();
		final StringBuilder types = new StringBuilder();
		final StringBuilder keys = new StringBuilder();
		final StringBuilder validation = new StringBuilder();
		final StringBuilder orphans = new StringBuilder();
		for ( Diagnosed d : diagnosed ) {
			final java.util.Set<StringBuilder> headed = java.util.Collections.newSetFromMap( new java.util.IdentityHashMap<>() );
			for ( Step step : d.steps() ) {
				if ( step.sql() == null ) {
					continue;
				}
				final StringBuilder into = step.commentedOut() ? orphans
						: switch ( step.phase() ) {
							case INDEX -> indexes;
							case TYPE -> types;
							case KEY -> keys;
							case VALIDATE -> postgres ? validation : keys;
						};
				if ( headed.add( into ) ) {
					into.append( "\n-- " ).append( d.finding().kind() ).append( ": " ).append( d.finding().keyDescription() )
							.append( " [" ).append( d.finding().association() ).append( "]\n" );
				}
				if ( step.comment() != null ) {
					into.append( "-- " ).append( step.comment() ).append( '\n' );
				}
				into.append( step.commentedOut() ? "-- " : "" ).append( step.sql() ).append( '\n' );
			}
		}
		final List<MigrationScript> scripts = new ArrayList<>();
		final String header = "-- Written by the hibernate-attachments schema doctor for " + family.label + ": " + summary() + "\n";
		int part = 1;
		if ( indexes.length() > 0 ) {
			scripts.add( new MigrationScript( name( base, part++, Phase.INDEX ), header + ( postgres
					? "-- CREATE INDEX CONCURRENTLY cannot run in a transaction: run this file with auto-commit"
							+ " (Flyway: the .conf file next to it says so).\n"
					: "" ) + indexes, !postgres ) );
		}
		if ( types.length() > 0 || keys.length() > 0 || !postgres && orphans.length() > 0 ) {
			scripts.add( new MigrationScript( name( base, part++, Phase.KEY ), header + ( postgres
					? "-- Keys are added NOT VALID: new rows are checked at once, old ones when the next file validates them.\n"
					: orphanHeader( orphans ) ) + types + keys, true ) );
		}
		if ( postgres && ( validation.length() > 0 || orphans.length() > 0 ) ) {
			scripts.add( new MigrationScript( name( base, part, Phase.VALIDATE ), header + "-- VALIDATE CONSTRAINT"
					+ " reads the table without blocking writes; it fails while rows violate the key.\n" + orphanHeader( orphans )
					+ validation, true ) );
		}
		return List.copyOf( scripts );
	}

	private static String orphanHeader(StringBuilder orphans) {
		return orphans.length() == 0 ? ""
				: "\n-- Rows that violate the keys below. Decide what happens to them, then remove the comment marks:"
						+ orphans + "\n";
	}

	private static String name(String version, int part, Phase phase) {
		return "V" + version + "_" + part + "__" + Diagnosis.phaseNames().get( phase ) + ".sql";
	}

	private static String plural(long count, String noun) {
		return count + " " + noun + ( count == 1 ? "" : "s" );
	}
}
