package io.github.hibernateattachments.internal;

import java.io.IOException;
import java.io.InputStream;

import org.apache.tika.Tika;

/**
 * Detects a content type from the first bytes of a stream and the filename, with Apache Tika's core
 * detector. The stream must support mark/reset; it is left at its start.
 */
final class ContentTypeDetector {

	private static final String FALLBACK = "application/octet-stream";

	private final Tika tika = new Tika();

	String detect(InputStream markable, String filename) throws IOException {
		if ( !markable.markSupported() ) {
			throw new AssertionFailure( "content type detection needs a markable stream" );
		}
		final String type = tika.detect( markable, filename );
		return type == null || type.isBlank() ? FALLBACK : type;
	}
}
