package io.github.hibernateattachments.spring.boot.validation;

import java.util.Arrays;
import java.util.Locale;

import io.github.hibernateattachments.Attachment;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

/**
 * The validators of {@link AcceptedContentTypes} and {@link MaxFileSize}: one rule each, applied to what an
 * uploaded {@link MultipartFile} or a stored {@link Attachment} says of itself.
 */
final class AttachmentConstraintValidators {

	private AttachmentConstraintValidators() {
	}

	/** What the rules read of a value: its name, type and size; {@code null} when there is nothing to check yet. */
	private record File(String name, String contentType, long size) {

		static File of(MultipartFile file) {
			return file == null || file.isEmpty() ? null : new File( file.getOriginalFilename(), file.getContentType(), file.getSize() );
		}

		static File of(Attachment attachment) {
			return attachment == null || !attachment.isStored() ? null
					: new File( attachment.filename(), attachment.contentType(), attachment.byteSize() );
		}
	}

	private abstract static class ContentTypeRule<T> implements ConstraintValidator<AcceptedContentTypes, T> {
		private String[] accepted;

		@Override
		public void initialize(AcceptedContentTypes annotation) {
			accepted = annotation.value();
		}

		abstract File file(T value);

		@Override
		public boolean isValid(T value, ConstraintValidatorContext context) {
			final File file = file( value );
			if ( file == null || accepts( accepted, file.contentType() ) ) {
				return true;
			}
			describe( context, "'" + file.name() + "' is " + file.contentType() + "; accepted: " + String.join( ", ", accepted ) );
			return false;
		}
	}

	private abstract static class MaxSizeRule<T> implements ConstraintValidator<MaxFileSize, T> {
		private long max;
		private String text;

		@Override
		public void initialize(MaxFileSize annotation) {
			text = annotation.value();
			max = bytes( text );
		}

		abstract File file(T value);

		@Override
		public boolean isValid(T value, ConstraintValidatorContext context) {
			final File file = file( value );
			if ( file == null || file.size() <= max ) {
				return true;
			}
			describe( context, "'" + file.name() + "' has " + file.size() + " bytes; at most " + text );
			return false;
		}
	}

	public static final class MultipartContentType extends ContentTypeRule<MultipartFile> {
		@Override
		File file(MultipartFile value) {
			return File.of( value );
		}
	}

	public static final class AttachmentContentType extends ContentTypeRule<Attachment> {
		@Override
		File file(Attachment value) {
			return File.of( value );
		}
	}

	public static final class MultipartMaxSize extends MaxSizeRule<MultipartFile> {
		@Override
		File file(MultipartFile value) {
			return File.of( value );
		}
	}

	public static final class AttachmentMaxSize extends MaxSizeRule<Attachment> {
		@Override
		File file(Attachment value) {
			return File.of( value );
		}
	}

	static boolean accepts(String[] accepted, String type) {
		if ( type == null ) {
			return false;
		}
		final String actual = type.toLowerCase( Locale.ROOT ).split( ";" )[0].strip();
		return Arrays.stream( accepted ).map( a -> a.toLowerCase( Locale.ROOT ).strip() ).anyMatch( a -> a.endsWith( "/*" )
				? actual.startsWith( a.substring( 0, a.length() - 1 ) )
				: a.equals( actual ) );
	}

	static long bytes(String size) {
		try {
			return DataSize.parse( size ).toBytes();
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException( "Invalid @MaxFileSize(\"" + size + "\"): expected a size such as 5MB", e );
		}
	}

	private static void describe(ConstraintValidatorContext context, String message) {
		context.disableDefaultConstraintViolation();
		context.buildConstraintViolationWithTemplate( message.replace( "{", "\\{" ).replace( "$", "\\$" ) ).addConstraintViolation();
	}
}
