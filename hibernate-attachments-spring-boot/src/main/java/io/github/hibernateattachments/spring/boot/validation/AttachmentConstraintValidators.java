package io.github.hibernateattachments.spring.boot.validation;

import java.util.Arrays;
import java.util.Locale;

import io.github.hibernateattachments.Attachment;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

/** The validators of {@link AcceptedContentTypes} and {@link MaxFileSize}. */
final class AttachmentConstraintValidators {

	private AttachmentConstraintValidators() {
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

	public static final class MultipartContentType implements ConstraintValidator<AcceptedContentTypes, MultipartFile> {
		private String[] accepted;

		@Override
		public void initialize(AcceptedContentTypes annotation) {
			accepted = annotation.value();
		}

		@Override
		public boolean isValid(MultipartFile file, ConstraintValidatorContext context) {
			if ( file == null || file.isEmpty() || accepts( accepted, file.getContentType() ) ) {
				return true;
			}
			describe( context, "'" + file.getOriginalFilename() + "' is " + file.getContentType() + "; accepted: "
					+ String.join( ", ", accepted ) );
			return false;
		}
	}

	public static final class AttachmentContentType implements ConstraintValidator<AcceptedContentTypes, Attachment> {
		private String[] accepted;

		@Override
		public void initialize(AcceptedContentTypes annotation) {
			accepted = annotation.value();
		}

		@Override
		public boolean isValid(Attachment attachment, ConstraintValidatorContext context) {
			if ( attachment == null || !attachment.isStored() || accepts( accepted, attachment.contentType() ) ) {
				return true;
			}
			describe( context, "'" + attachment.filename() + "' is " + attachment.contentType() + "; accepted: "
					+ String.join( ", ", accepted ) );
			return false;
		}
	}

	public static final class MultipartMaxSize implements ConstraintValidator<MaxFileSize, MultipartFile> {
		private long max;
		private String text;

		@Override
		public void initialize(MaxFileSize annotation) {
			text = annotation.value();
			max = bytes( text );
		}

		@Override
		public boolean isValid(MultipartFile file, ConstraintValidatorContext context) {
			if ( file == null || file.getSize() <= max ) {
				return true;
			}
			describe( context, "'" + file.getOriginalFilename() + "' has " + file.getSize() + " bytes; at most " + text );
			return false;
		}
	}

	public static final class AttachmentMaxSize implements ConstraintValidator<MaxFileSize, Attachment> {
		private long max;
		private String text;

		@Override
		public void initialize(MaxFileSize annotation) {
			text = annotation.value();
			max = bytes( text );
		}

		@Override
		public boolean isValid(Attachment attachment, ConstraintValidatorContext context) {
			if ( attachment == null || !attachment.isStored() || attachment.byteSize() <= max ) {
				return true;
			}
			describe( context, "'" + attachment.filename() + "' has " + attachment.byteSize() + " bytes; at most " + text );
			return false;
		}
	}
}
