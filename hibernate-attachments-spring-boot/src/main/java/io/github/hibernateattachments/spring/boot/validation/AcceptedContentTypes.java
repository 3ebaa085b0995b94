package io.github.hibernateattachments.spring.boot.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The content types an uploaded file may have, for request objects and controller parameters:
 * {@code @AcceptedContentTypes({"image/png", "image/jpeg"})} or {@code @AcceptedContentTypes("image/*")}.
 * On a {@code MultipartFile} it checks the type the client declares; on a stored {@code Attachment} its
 * stored type; a pending {@code Attachment} (not stored yet) passes, since its type is known only once it is
 * read. {@code null} passes (combine with {@code @NotNull}).
 * <p>
 * This is an early, friendly check for forms. What is actually stored is checked by
 * {@code @Attached(contentTypes)} on the entity, against the type detected from the content itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Constraint(validatedBy = { AttachmentConstraintValidators.MultipartContentType.class,
		AttachmentConstraintValidators.AttachmentContentType.class })
public @interface AcceptedContentTypes {

	/** Accepted types, exact ({@code image/png}) or with a wildcard subtype ({@code image/*}). */
	String[] value();

	String message() default "{io.github.hibernateattachments.AcceptedContentTypes.message}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};
}
