package io.github.hibernateattachments.spring.boot.web;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.github.hibernateattachments.Attachment;

import org.springframework.core.convert.converter.Converter;
import org.springframework.web.multipart.MultipartFile;

/**
 * Turns an uploaded file into an {@link Attachment}, for {@code @RequestParam Attachment photo} and for form
 * objects bound with {@code @ModelAttribute}. The client's path is stripped to the file name
 * ({@code C:\fakepath\cat.png} becomes {@code cat.png}); a part with no file (an empty file input) is no
 * attachment ({@code null}). The content type the browser declares is kept unless it is the catch-all
 * {@code application/octet-stream}, in which case the content type is detected when the file is stored;
 * {@code @Attached(contentTypes)} checks the detected type either way.
 */
public class MultipartFileToAttachmentConverter implements Converter<MultipartFile, Attachment> {

	@Override
	public Attachment convert(MultipartFile file) {
		final String original = file.getOriginalFilename();
		if ( file.isEmpty() && ( original == null || original.isBlank() ) ) {
			return null;
		}
		final String filename = fileName( original, file.getName() );
		final Attachment attachment;
		try {
			attachment = Attachment.of( file.getInputStream(), filename );
		}
		catch (IOException e) {
			throw new UncheckedIOException( "Unable to read the uploaded file '" + filename + "'", e );
		}
		final String declared = file.getContentType();
		return declared == null || declared.isBlank() || declared.startsWith( "application/octet-stream" )
				? attachment
				: attachment.withContentType( declared );
	}

	/** The last segment of a client path, with Windows and Unix separators; the part's name if none is left. */
	static String fileName(String original, String partName) {
		if ( original == null ) {
			return partName;
		}
		final String name = original.substring( Math.max( original.lastIndexOf( '/' ), original.lastIndexOf( '\\' ) ) + 1 ).strip();
		return name.isEmpty() || name.equals( "." ) || name.equals( ".." ) ? partName : name;
	}
}
