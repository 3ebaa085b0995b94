package io.github.hibernateattachments;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import io.github.hibernateattachments.internal.bootstrap.AttachedBinder;

import org.hibernate.annotations.AttributeBinderType;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * Marks an entity attribute as holding stored files.
 * <p>
 * One file:
 * <pre>{@code
 * @Attached
 * Attachment avatar;
 * }</pre>
 * maps to a nullable column {@code avatar_blob_id} on the entity's table, with a FOREIGN KEY to
 * {@code attachment_blobs} ({@code ON DELETE RESTRICT}) and an index.
 * <p>
 * Many files, in order:
 * <pre>{@code
 * @Attached
 * @ElementCollection
 * @OrderColumn
 * List<Attachment> photos;
 * }</pre>
 * maps to a collection table ({@code <Entity>_photos} by default, or as named by {@code @CollectionTable})
 * whose owner FOREIGN KEY is {@code ON DELETE CASCADE} and whose {@code blob_id} FOREIGN KEY is
 * {@code ON DELETE RESTRICT}, both indexed. {@code @ElementCollection} and {@code @OrderColumn} are standard JPA
 * annotations that Hibernate needs to map a list of embeddables with its order; they are the only
 * ceremony. A missing {@code @OrderColumn} is reported at boot.
 * <p>
 * What happens to the files when the owner is deleted, or an attachment is replaced or removed, is decided by
 * {@link PurgePolicy}: by default the blob row and the file are purged (the file only after commit).
 */
@Documented
@Target({ FIELD, METHOD })
@Retention(RUNTIME)
@AttributeBinderType(binder = AttachedBinder.class)
public @interface Attached {

	/**
	 * The content types this attribute accepts: exact types ({@code image/png}) or a type with any subtype
	 * ({@code image/*}). The type is detected from the content itself (a declared type must be accepted too);
	 * anything else is refused with an {@link AttachmentException} before anything is stored. Empty (the
	 * default): any type.
	 */
	String[] contentTypes() default {};

	/**
	 * The largest file this attribute accepts, as a size ({@code 512KB}, {@code 5MB}, or a number of bytes);
	 * larger content is refused while it is read, and nothing is kept. Empty (the default): the persistence
	 * unit's {@code hibernate.attachments.max_size}. A value above that setting is capped by it.
	 */
	String maxSize() default "";

	/**
	 * The storage service that stores this attribute's new files, by the name it is configured under
	 * ({@code hibernate.attachments.services.<name>}). Empty (the default): the persistence unit's default service.
	 * Each blob row records the service that stored it, so files stored earlier stay readable where this value
	 * changes, as long as their service is still configured. An unknown name fails the boot.
	 */
	String service() default "";
}
