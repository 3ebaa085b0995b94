package io.github.hibernateattachments.spi;

import java.util.Objects;

/**
 * What the extension knows about an object's content when it stores it or signs a URL for it, for backends that
 * keep object metadata (a bucket's {@code Content-Type} and {@code Content-Disposition}).
 *
 * @param filename the attachment's file name as the application gave it (never a path)
 * @param contentType the content type declared by the application or detected from the content
 * @param contentDisposition the {@code Content-Disposition} to serve the object with: {@code inline} for content
 *     types that are safe to render, {@code attachment} for others (HTML, SVG, scripts), with the file name
 *     encoded as RFC 6266 says
 */
public record ObjectMetadata(String filename, String contentType, String contentDisposition) {

	public ObjectMetadata {
		Objects.requireNonNull( filename, "filename" );
		Objects.requireNonNull( contentType, "contentType" );
		Objects.requireNonNull( contentDisposition, "contentDisposition" );
	}
}
