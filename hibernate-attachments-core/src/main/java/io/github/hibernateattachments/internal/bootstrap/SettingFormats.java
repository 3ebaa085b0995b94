package io.github.hibernateattachments.internal.bootstrap;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.internal.AssertionFailure;

/**
 * The forms setting values take, and the check for misspelled keys.
 * <ul>
 *     <li>sizes: a number of bytes, or a number with a unit {@code B}, {@code KB}, {@code MB}, {@code GB},
 *     {@code TB} (powers of 1024, as Spring's {@code DataSize}; {@code KiB}... accepted too), case-insensitive:
 *     {@code 10MB}, {@code 1 GB};</li>
 *     <li>durations: a number of seconds, an ISO-8601 duration ({@code PT30S}), or a number with a unit
 *     {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}: {@code 30s}, {@code 1h}.</li>
 * </ul>
 */
public final class SettingFormats {

	private static final Pattern SIZE = Pattern.compile( "(\\d+)\\s*([kmgt]i?b|b)?", Pattern.CASE_INSENSITIVE );
	private static final Pattern DURATION = Pattern.compile( "(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE );

	/** Every key of {@link AttachmentsSettings}. */
	public static final Set<String> KNOWN_KEYS = knownKeys();

	private SettingFormats() {
	}

	/** @return the size in bytes, or {@code null} if the text is not a size */
	public static Long sizeOrNull(String text) {
		final Matcher matcher = SIZE.matcher( text.trim() );
		if ( !matcher.matches() ) {
			return null;
		}
		final String unit = matcher.group( 2 ) == null ? "b" : matcher.group( 2 ).toLowerCase( Locale.ROOT );
		final int shift = switch ( unit.charAt( 0 ) ) {
			case 'k' -> 10;
			case 'm' -> 20;
			case 'g' -> 30;
			case 't' -> 40;
			default -> 0;
		};
		try {
			return Math.multiplyExact( Long.parseLong( matcher.group( 1 ) ), 1L << shift );
		}
		catch (ArithmeticException | NumberFormatException e) {
			return null;
		}
	}

	/** @return the duration, or {@code null} if the text is not one */
	public static Duration durationOrNull(String text) {
		final String trimmed = text.trim();
		try {
			if ( trimmed.matches( "\\d+" ) ) {
				return Duration.ofSeconds( Long.parseLong( trimmed ) );
			}
			final Matcher matcher = DURATION.matcher( trimmed );
			if ( matcher.matches() ) {
				final long amount = Long.parseLong( matcher.group( 1 ) );
				return switch ( matcher.group( 2 ).toLowerCase( Locale.ROOT ) ) {
					case "ms" -> Duration.ofMillis( amount );
					case "s" -> Duration.ofSeconds( amount );
					case "m" -> Duration.ofMinutes( amount );
					case "h" -> Duration.ofHours( amount );
					default -> Duration.ofDays( amount );
				};
			}
			return Duration.parse( trimmed );
		}
		catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
			return null;
		}
	}

	/**
	 * @return one warning per key under {@code hibernate.attachments.} that no setting has, naming the closest
	 * known key
	 */
	public static List<String> unknownKeyWarnings(Map<String, Object> settings) {
		final List<String> warnings = new ArrayList<>();
		for ( String key : new TreeSet<>( settings.keySet() ) ) {
			if ( key.startsWith( AttachmentsSettings.PREFIX ) && !KNOWN_KEYS.contains( key )
					&& !key.startsWith( AttachmentsSettings.SERVICES ) ) { // checked by the service they configure
				warnings.add( "Unknown setting '" + key + "' is ignored: did you mean '" + closest( key ) + "'?" );
			}
		}
		return warnings;
	}

	private static String closest(String key) {
		return closest( key, KNOWN_KEYS );
	}

	/** @return the candidate nearest to {@code key} by edit distance, or {@code null} if there is none */
	public static String closest(String key, java.util.Collection<String> candidates) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for ( String known : candidates ) {
			final int distance = distance( key, known );
			if ( distance < bestDistance ) {
				best = known;
				bestDistance = distance;
			}
		}
		return best;
	}

	/** Levenshtein distance. */
	public static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for ( int j = 0; j <= b.length(); j++ ) {
			previous[j] = j;
		}
		for ( int i = 1; i <= a.length(); i++ ) {
			current[0] = i;
			for ( int j = 1; j <= b.length(); j++ ) {
				final int substitution = previous[j - 1] + ( a.charAt( i - 1 ) == b.charAt( j - 1 ) ? 0 : 1 );
				current[j] = Math.min( substitution, Math.min( previous[j], current[j - 1] ) + 1 );
			}
			final int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static Set<String> knownKeys() {
		final Set<String> keys = new TreeSet<>();
		for ( Field field : AttachmentsSettings.class.getFields() ) {
			if ( Modifier.isStatic( field.getModifiers() ) && field.getType() == String.class ) {
				try {
					final String value = (String) field.get( null );
					if ( value.startsWith( AttachmentsSettings.PREFIX ) && !value.endsWith( "." ) ) {
						keys.add( value );
					}
				}
				catch (IllegalAccessException e) {
					throw new AssertionFailure( "Unreadable setting constant " + field, e );
				}
			}
		}
		return Set.copyOf( keys );
	}
}
