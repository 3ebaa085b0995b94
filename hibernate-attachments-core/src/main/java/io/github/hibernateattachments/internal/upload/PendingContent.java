package io.github.hibernateattachments.internal.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.hibernateattachments.AttachmentException;

/**
 * Content given to {@code Attachment.of(...)} that is not stored yet. Validates the filename up front.
 */
public final class PendingContent {

	/** Longest filename kept, in characters; most file systems allow 255 bytes. */
	public static final int MAX_FILENAME_LENGTH = 255;

	private interface Source {
		InputStream open() throws IOException;
	}

	private final Source source;
	private final String filename;
	private final String contentType;
	private final String expectedChecksum;
	private final AtomicBoolean consumed;

	private PendingContent(Source source, String filename, String contentType, String expectedChecksum,
			AtomicBoolean consumed) {
		this.source = source;
		this.filename = checkFilename( filename );
		this.contentType = contentType;
		this.expectedChecksum = expectedChecksum;
		this.consumed = consumed;
	}

	public static PendingContent ofPath(Path file, String filename) {
		return new PendingContent( () -> Files.newInputStream( file ), filename, null, null, null );
	}

	public static PendingContent ofBytes(byte[] bytes, String filename) {
		return new PendingContent( () -> new ByteArrayInputStream( bytes ), filename, null, null, null );
	}

	public static PendingContent ofStream(InputStream stream, String filename) {
		return new PendingContent( () -> stream, filename, null, null, new AtomicBoolean() );
	}

	public PendingContent withContentType(String type) {
		if ( type == null || type.isBlank() || type.length() > 255 || type.chars().anyMatch( c -> c < 0x20 || c > 0x7e ) ) {
			throw new AttachmentException( "Invalid content type '" + type + "' for attachment '" + filename
					+ "': expected a printable ASCII media type such as 'image/png'" );
		}
		return new PendingContent( source, filename, type.trim(), expectedChecksum, consumed );
	}

	public PendingContent withExpectedChecksum(String sha256Hex) {
		if ( sha256Hex == null || !sha256Hex.toLowerCase( Locale.ROOT ).matches( "[0-9a-f]{64}" ) ) {
			throw new AttachmentException( "Invalid expected checksum '" + sha256Hex + "' for attachment '"
					+ filename + "': expected a SHA-256 digest as 64 hex characters" );
		}
		return new PendingContent( source, filename, contentType, sha256Hex.toLowerCase( Locale.ROOT ), consumed );
	}

	public String filename() {
		return filename;
	}

	/** @return the content type set explicitly, or {@code null} to detect it */
	public String contentTypeOrNull() {
		return contentType;
	}

	/** @return the expected SHA-256 hex, or {@code null} */
	public String expectedChecksumOrNull() {
		return expectedChecksum;
	}

	/**
	 * Opens the content; a stream given by the user can be opened only once.
	 */
	public InputStream open() throws IOException {
		if ( consumed != null && !consumed.compareAndSet( false, true ) ) {
			throw new AttachmentException( "Unable to store attachment '" + filename
					+ "': its InputStream was already read by an earlier attempt; create a new Attachment" );
		}
		return source.open();
	}

	/**
	 * Filenames are kept as metadata only and never used as paths, but a name that looks like a path is
	 * almost always a mistake (or an attack) and is refused.
	 */
	public static String checkFilename(String filename) {
		if ( filename == null || filename.isBlank() ) {
			throw new AttachmentException( "Invalid attachment filename: it must not be null or blank" );
		}
		if ( filename.length() > MAX_FILENAME_LENGTH ) {
			throw new AttachmentException( "Invalid attachment filename '" + filename.substring( 0, 40 )
					+ "...': longer than " + MAX_FILENAME_LENGTH + " characters" );
		}
		if ( filename.equals( "." ) || filename.equals( ".." ) || filename.indexOf( '/' ) >= 0
				|| filename.indexOf( '\\' ) >= 0 || filename.chars().anyMatch( Character::isISOControl ) ) {
			throw new AttachmentException( "Invalid attachment filename '" + printable( filename )
					+ "': a filename must not contain '/', '\\', control characters, or be '.' or '..'" );
		}
		return filename;
	}

	private static String printable(String s) {
		final StringBuilder sb = new StringBuilder();
		s.chars().forEach( c -> sb.append( Character.isISOControl( c ) ? String.format( "\\u%04x", c ) : String.valueOf( (char) c ) ) );
		return sb.toString();
	}
}
