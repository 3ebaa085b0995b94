package io.github.hibernateattachments.example;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Records what one step of the demo does, in order: the SQL statements that change data (seen by Hibernate's
 * {@link StatementInspector}, for every session of the factory), the files that appear in and disappear from
 * the storage folder (noticed by listing the folder before each statement and at each marker), and the
 * demo's own markers and notes. Printed when the step ends.
 */
final class Timeline implements StatementInspector {

	private static final Pattern INSERT = Pattern.compile( "insert into (\\S+) \\((.*?)\\) values \\((.*?)\\)(.*)" );
	private static final Pattern UPDATE = Pattern.compile( "update (\\S+) set (.*?) where (.*)" );
	private static final int MAX_COLUMNS = 3;
	private static final int COMMENT_COLUMN = 76;

	private sealed interface Event permits Sql, FileAdded, FileRemoved, Marker, Note {
	}

	private record Sql(String text) implements Event {
	}

	private record FileAdded(String key, long bytes) implements Event {
	}

	private record FileRemoved(String key) implements Event {
	}

	private record Marker(String text) implements Event {
	}

	private record Note(String text) implements Event {
	}

	private final StorageFolder storage;
	private final Function<Collection<String>, Map<String, String>> filenameLookup;
	private final Map<String, String> filenames = new HashMap<>();
	private final List<Event> events = new ArrayList<>();
	private Map<String, Path> seen = Map.of();
	private boolean recording;
	private int statements;
	private int fileChanges;

	/**
	 * @param filenameLookup the original filenames of blobs by storage key, read from the database
	 */
	Timeline(StorageFolder storage, Function<Collection<String>, Map<String, String>> filenameLookup) {
		this.storage = storage;
		this.filenameLookup = filenameLookup;
	}

	@Override
	public synchronized String inspect(String sql) {
		if ( recording ) {
			noticeFileChanges();
			final String text = sql.replaceAll( "\\s+", " " ).trim();
			final String lower = text.toLowerCase( Locale.ROOT );
			if ( lower.startsWith( "insert" ) || lower.startsWith( "update" ) || lower.startsWith( "delete" ) ) {
				events.add( new Sql( text ) );
				statements++;
			}
		}
		return sql;
	}

	/** Starts recording a step: prints its heading and what the storage folder holds. */
	synchronized void step(int number, String title) {
		System.out.println();
		System.out.println( number + ". " + title );
		System.out.println( "-".repeat( number < 10 ? title.length() + 3 : title.length() + 4 ) );
		seen = storage.files();
		rememberNames( seen.keySet() );
		System.out.println( "   storage before: " + describe( seen ) );
		events.clear();
		recording = true;
	}

	/** Something the application does next, e.g. {@code em.flush()}. */
	synchronized void marker(String text) {
		noticeFileChanges();
		rememberNames( seen.keySet() );
		events.add( new Marker( text ) );
	}

	/** A line of the demo's own, printed in order with the events. */
	synchronized void note(String text) {
		noticeFileChanges();
		events.add( new Note( text ) );
	}

	/** Ends the step: prints its events and what the storage folder holds now. */
	synchronized void end() {
		noticeFileChanges();
		rememberNames( seen.keySet() );
		recording = false;
		for ( int i = 0; i < events.size(); i++ ) {
			System.out.println( format( i ) );
		}
		events.clear();
		System.out.println( "   storage after:  " + describe( seen ) );
	}

	/** @return how many statements and file changes were recorded in all steps */
	synchronized String totals() {
		return statements + " SQL statements, " + fileChanges + " file changes";
	}

	private void noticeFileChanges() {
		final Map<String, Path> now = storage.files();
		for ( String key : seen.keySet() ) {
			if ( !now.containsKey( key ) ) {
				events.add( new FileRemoved( key ) );
				fileChanges++;
			}
		}
		for ( Map.Entry<String, Path> file : now.entrySet() ) {
			if ( !seen.containsKey( file.getKey() ) ) {
				events.add( new FileAdded( file.getKey(), storage.sizeOf( file.getValue() ) ) );
				fileChanges++;
			}
		}
		seen = now;
	}

	private void rememberNames(Collection<String> keys) {
		final List<String> unknown = keys.stream().filter( k -> !filenames.containsKey( k ) ).toList();
		filenames.putAll( filenameLookup.apply( unknown ) );
	}

	private String describe(Map<String, Path> files) {
		final List<String> names = files.keySet().stream().map( k -> filenames.getOrDefault( k, k ) ).sorted().toList();
		return files.size() + ( files.size() == 1 ? " file" : " files" ) + ( names.isEmpty() ? "" : " " + names );
	}

	private String format(int index) {
		final Event event = events.get( index );
		if ( event instanceof Sql sql ) {
			final String text = abbreviate( sql.text() );
			final String comment = commentOrNull( index );
			return "     sql     " + ( comment == null ? text
					: text + " ".repeat( Math.max( 2, COMMENT_COLUMN - text.length() ) ) + "-- " + comment );
		}
		if ( event instanceof FileAdded added ) {
			return "     + file " + added.key() + " (" + filenames.getOrDefault( added.key(), "?" ) + ", "
					+ added.bytes() + " bytes)";
		}
		if ( event instanceof FileRemoved removed ) {
			return "     - file " + removed.key();
		}
		if ( event instanceof Marker marker ) {
			return "   > " + marker.text();
		}
		return "     " + ( (Note) event ).text();
	}

	/**
	 * A reading aid for the outbox statements, whose purpose is not visible in the SQL: told apart by what
	 * happens around them (an upload intent is committed just before its file appears; the outbox rows of
	 * deleted files are forgotten just after the files disappear).
	 */
	private String commentOrNull(int index) {
		final String sql = ( (Sql) events.get( index ) ).text().toLowerCase( Locale.ROOT );
		final Event previous = index > 0 ? events.get( index - 1 ) : null;
		final Event next = index + 1 < events.size() ? events.get( index + 1 ) : null;
		if ( sql.startsWith( "insert into attachment_purges" ) ) {
			return next instanceof FileAdded ? "upload intent, own transaction" : "purge queued in the outbox";
		}
		if ( sql.startsWith( "delete from attachment_purges" ) ) {
			if ( previous instanceof FileAdded ) {
				return "upload intent cleared";
			}
			return previous instanceof FileRemoved ? "outbox rows done, own transaction" : null;
		}
		if ( sql.startsWith( "delete from attachment_blobs" ) ) {
			return "blob row";
		}
		return null;
	}

	/** Keeps statements readable: long column lists are cut after a few names, parameter lists collapsed. */
	static String abbreviate(String sql) {
		Matcher m = INSERT.matcher( sql );
		if ( m.matches() ) {
			return "insert into " + m.group( 1 ) + " (" + columns( m.group( 2 ).split( "," ) ) + ") values ("
					+ ( m.group( 3 ).split( "," ).length > MAX_COLUMNS ? "..." : spaced( m.group( 3 ) ) ) + ")" + m.group( 4 );
		}
		m = UPDATE.matcher( sql );
		if ( m.matches() ) {
			return "update " + m.group( 1 ) + " set " + columns( m.group( 2 ).split( "," ) ) + " where " + spaced( m.group( 3 ) );
		}
		return spaced( sql );
	}

	private static String columns(String[] columns) {
		if ( columns.length <= MAX_COLUMNS ) {
			return spaced( String.join( ",", columns ) );
		}
		final List<String> shown = new ArrayList<>();
		for ( int i = 0; i < MAX_COLUMNS - 1; i++ ) {
			shown.add( columns[i].trim() );
		}
		return String.join( ", ", shown ) + ", ... " + columns.length + " columns";
	}

	private static String spaced(String list) {
		return list.replaceAll( "\\s*,\\s*", ", " );
	}
}
