package io.github.hibernateattachments.cli;

import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Standard output: the summary for people, or with {@code --json} one JSON object for machines. Nothing else is
 * ever written there (progress and logs go to standard error).
 */
final class Output {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

	private final PrintStream out;
	private final boolean json;

	Output(PrintStream out, boolean json) {
		this.out = out;
		this.json = json;
	}

	boolean json() {
		return json;
	}

	/** A line of the summary; nothing in JSON mode. */
	void line(String format, Object... args) {
		if ( !json ) {
			out.println( args.length == 0 ? format : String.format( format, args ) );
		}
	}

	/** The JSON document; nothing in text mode. */
	void json(Map<String, Object> document) {
		if ( json ) {
			out.println( GSON.toJson( document ) );
		}
	}

	/** A report record as a JSON object: its components, by name. */
	static Map<String, Object> fields(Record report) {
		final Map<String, Object> fields = new LinkedHashMap<>();
		for ( RecordComponent component : report.getClass().getRecordComponents() ) {
			try {
				final Object value = component.getAccessor().invoke( report );
				fields.put( component.getName(), value == null || value instanceof Number || value instanceof Boolean
						|| value instanceof String || value instanceof List<?> ? value : value.toString() );
			}
			catch (ReflectiveOperationException e) {
				throw new IllegalStateException( "Unreadable report component " + component, e );
			}
		}
		return fields;
	}

	static Map<String, Object> document(String command, int exitCode) {
		final Map<String, Object> document = new LinkedHashMap<>();
		document.put( "command", command );
		document.put( "exitCode", exitCode );
		return document;
	}
}
