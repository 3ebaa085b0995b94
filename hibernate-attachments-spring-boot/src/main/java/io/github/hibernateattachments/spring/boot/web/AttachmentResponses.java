package io.github.hibernateattachments.spring.boot.web;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.StoredFile;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Serves an attachment from a controller:
 * <pre>{@code
 * @GetMapping("/members/{id}/photo")
 * ResponseEntity<StreamingResponseBody> photo(@PathVariable long id, @RequestHeader HttpHeaders headers) {
 *     return responses.serve(members.findById(id).orElseThrow().photo, headers);
 * }
 * }</pre>
 * (the declared type must be {@code ResponseEntity<StreamingResponseBody>}: that is what tells Spring MVC to
 * stream the body)
 * <ul>
 * <li>a storage service that signs URLs (GCS): a {@code 302} redirect to a URL valid for
 * {@code attachments.web.signed-url-ttl}, unless {@code attachments.web.redirect-to-signed-url=false};</li>
 * <li>otherwise the content, streamed, with its {@code Content-Type}, {@code Content-Length} and a
 * {@code Content-Disposition} that is {@code inline} only for types safe to render (raster images, PDF) and
 * {@code attachment} for everything else (HTML, SVG...), with {@code X-Content-Type-Options: nosniff};</li>
 * <li>an {@code ETag} from the SHA-256 of the content: a matching {@code If-None-Match} gets {@code 304};</li>
 * <li>a single byte range ({@code Range: bytes=...}) gets {@code 206} and only that range, read from storage
 * without the bytes before it where the service can; an unsatisfiable one {@code 416}; several ranges the
 * whole content;</li>
 * <li>no attachment ({@code null}): {@code 404}.</li>
 * </ul>
 * Works with open-in-view off: what it needs of the attachment is read in a session of its own.
 */
public class AttachmentResponses {

	private final Attachments attachments;
	private final boolean redirectToSignedUrl;
	private final Duration signedUrlTtl;

	public AttachmentResponses(Attachments attachments, boolean redirectToSignedUrl, Duration signedUrlTtl) {
		this.attachments = attachments;
		this.redirectToSignedUrl = redirectToSignedUrl;
		this.signedUrlTtl = signedUrlTtl;
	}

	/**
	 * @param attachment the attachment to serve, or {@code null} for a 404
	 * @param requestHeaders the request's headers ({@code @RequestHeader HttpHeaders}): Range, If-None-Match
	 */
	public ResponseEntity<StreamingResponseBody> serve(Attachment attachment, HttpHeaders requestHeaders) {
		if ( attachment == null ) {
			return ResponseEntity.notFound().build();
		}
		if ( redirectToSignedUrl ) {
			final Optional<URI> signed = attachments.signedUrl( attachment, signedUrlTtl );
			if ( signed.isPresent() ) {
				return ResponseEntity.status( HttpStatus.FOUND ).location( signed.get() ).cacheControl( CacheControl.noStore() ).build();
			}
		}
		final StoredFile file = attachments.storedFile( attachment );
		final String etag = "\"" + file.checksum() + "\"";
		if ( matches( requestHeaders.getIfNoneMatch(), etag ) ) {
			return ResponseEntity.status( HttpStatus.NOT_MODIFIED ).eTag( etag ).build();
		}
		final HttpHeaders headers = new HttpHeaders();
		headers.setContentType( mediaType( file.contentType() ) );
		headers.set( HttpHeaders.CONTENT_DISPOSITION, attachments.contentDisposition( attachment ) );
		headers.set( "X-Content-Type-Options", "nosniff" );
		headers.setETag( etag );
		headers.set( HttpHeaders.ACCEPT_RANGES, "bytes" );
		headers.setCacheControl( CacheControl.noCache().cachePrivate() );

		final long size = file.byteSize();
		final List<HttpRange> ranges = ranges( requestHeaders );
		if ( ranges.size() == 1 ) {
			final HttpRange range = ranges.get( 0 );
			long start = -1;
			long end = -1;
			try {
				start = range.getRangeStart( size );
				end = range.getRangeEnd( size );
			}
			catch (IllegalArgumentException unsatisfiable) {
				// answered below
			}
			if ( start < 0 || start >= size || end < start ) {
				headers.set( HttpHeaders.CONTENT_RANGE, "bytes */" + size );
				headers.remove( HttpHeaders.CONTENT_TYPE );
				return ResponseEntity.status( HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE ).headers( headers ).build();
			}
			final long offset = start;
			final long length = end - start + 1;
			headers.set( HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size );
			headers.setContentLength( length );
			return ResponseEntity.status( HttpStatus.PARTIAL_CONTENT ).headers( headers )
					.body( body( () -> attachments.openStream( attachment, offset, length ) ) );
		}
		headers.setContentLength( size );
		return ResponseEntity.ok().headers( headers ).body( body( () -> attachments.openStream( attachment ) ) );
	}

	private static boolean matches(List<String> ifNoneMatch, String etag) {
		for ( String candidate : ifNoneMatch ) {
			if ( candidate.equals( "*" ) || candidate.equals( etag ) || candidate.equals( "W/" + etag ) ) {
				return true;
			}
		}
		return false;
	}

	/** The requested ranges; an invalid header is ignored, as RFC 9110 allows. */
	private static List<HttpRange> ranges(HttpHeaders requestHeaders) {
		try {
			return requestHeaders.getRange();
		}
		catch (IllegalArgumentException invalid) {
			return List.of();
		}
	}

	private static MediaType mediaType(String contentType) {
		try {
			return MediaType.parseMediaType( contentType );
		}
		catch (RuntimeException invalid) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	private interface Opener {
		InputStream open();
	}

	private static StreamingResponseBody body(Opener opener) {
		return out -> {
			try ( InputStream in = opener.open() ) {
				in.transferTo( out );
			}
		};
	}
}
