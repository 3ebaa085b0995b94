package io.github.hibernateattachments.spring.boot.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The largest an uploaded file may be, for request objects and controller parameters:
 * {@code @MaxFileSize("5MB")} (a Spring {@code DataSize}: {@code 512KB}, {@code 5MB}, or bytes). On a
 * {@code MultipartFile} it checks the upload's size; on a stored {@code Attachment} its stored size; a pending
 * {@code Attachment} passes ({@code @Attached(maxSize)} and {@code attachments.max-size} limit what is stored
 * while it is read). {@code null} passes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Constraint(validatedBy = { AttachmentConstraintValidators.MultipartMaxSize.class,
		AttachmentConstraintValidators.AttachmentMaxSize.class })
public @interface MaxFileSize {

	/** The largest size accepted, as a DataSize text. */
	String value();

	String message() default "{io.github.hibernateattachments.MaxFileSize.message}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};
}
