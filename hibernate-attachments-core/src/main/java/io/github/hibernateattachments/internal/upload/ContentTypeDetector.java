package io.github.hibernateattachments.internal.upload;

import java.io.IOException;
import java.io.InputStream;

import io.github.hibernateattachments.internal.AssertionFailure;

import org.apache.tika.Tika;

/**
 * Detects a content type from the first bytes of a stream and the filename, with Apache Tika's core
 * detector. The stream must support mark/reset; it is left at its start. Tika (whose MIME type registry takes
 * a noticeable part of a second to load) is created at the first detection, not at boot: a persistence unit
 * that never attaches a file never loads it.
 */
public final class ContentTypeDetector {

	private static final String FALLBACK = "application/octet-stream";

	private volatile Tika tika;

	public String detect(InputStream markable, String filename) throws IOException {
		if ( !markable.markSupported() ) {
			throw new AssertionFailure( "content type detection needs a markable stream" );
		}
		final String type = tika().detect( markable, filename );
		return type == null || type.isBlank() ? FALLBACK : type;
	}

	private Tika tika() {
		Tika result = tika;
		if ( result == null ) {
			synchronized ( this ) {
				result = tika;
				if ( result == null ) {
					result = new Tika();
					tika = result;
				}
			}
		}
		return result;
	}
}
