package io.github.hibernateattachments.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code PT1H}, {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d} or a number of seconds. */
final class Durations implements ITypeConverter<Duration> {

	@Override
	public Duration convert(String value) {
		return parse( value );
	}

	static Duration parse(String value) {
		final String text = value.trim().toLowerCase( java.util.Locale.ROOT );
		try {
			if ( text.startsWith( "p" ) ) {
				return Duration.parse( text.toUpperCase( java.util.Locale.ROOT ) );
			}
			final char unit = text.isEmpty() ? ' ' : text.charAt( text.length() - 1 );
			final String number = Character.isDigit( unit ) ? text : text.substring( 0, text.length() - 1 );
			final long amount = Long.parseLong( number.trim() );
			if ( amount >= 0 ) {
				return switch ( unit ) {
					case 's' -> Duration.ofSeconds( amount );
					case 'm' -> Duration.ofMinutes( amount );
					case 'h' -> Duration.ofHours( amount );
					case 'd' -> Duration.ofDays( amount );
					default -> {
						if ( !Character.isDigit( unit ) ) {
							throw new NumberFormatException( value );
						}
						yield Duration.ofSeconds( amount );
					}
				};
			}
		}
		catch (DateTimeParseException | NumberFormatException e) {
			// reported below
		}
		throw new TypeConversionException( "'" + value + "' is not a duration: use seconds (3600), 90s, 15m, 2h, 1d or ISO-8601 (PT1H)" );
	}
}
