package io.github.hibernateattachments.internal.upload;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code Content-Disposition} an attachment is served with: {@code inline} only for the content types Rails'
 * ActiveStorage allows inline ({@code content_types_allowed_inline}: raster images and PDF), {@code attachment}
 * for everything else, since HTML, SVG or a script rendered from the application's origin is a stored XSS.
 */
public final class ContentDisposition {

	public static final Set<String> INLINE_SAFE = Set.of( "image/png", "image/gif", "image/jpeg", "image/tiff", "image/bmp",
			"image/webp", "image/avif", "image/vnd.adobe.photoshop", "image/vnd.microsoft.icon", "application/pdf" );

	private ContentDisposition() {
	}

	/** {@code inline; filename="a.png"; filename*=UTF-8''a.png}, or {@code attachment; ...} */
	public static String of(String contentType, String filename) {
		final String type = contentType == null ? "" : contentType.toLowerCase( Locale.ROOT ).split( ";" )[0].trim();
		final String ascii = filename.replaceAll( "[^\\x20-\\x7e]", "_" ).replace( "\\", "_" ).replace( "\"", "_" );
		final String encoded = URLEncoder.encode( filename, StandardCharsets.UTF_8 ).replace( "+", "%20" );
		return ( INLINE_SAFE.contains( type ) ? "inline" : "attachment" ) + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
				+ encoded;
	}

	/** What a backend gets with a store or a signed URL: file name, content type and the disposition for them. */
	public static io.github.hibernateattachments.spi.ObjectMetadata metadata(String filename, String contentType) {
		return new io.github.hibernateattachments.spi.ObjectMetadata( filename, contentType, of( contentType, filename ) );
	}
}
