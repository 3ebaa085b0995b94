package io.github.hibernateattachments;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * Chooses the {@link PurgeAction} for an {@link Attached} attribute, or, on an entity class, the default for
 * all its attached attributes. Without it the action is {@link PurgeAction#PURGE}.
 * <pre>{@code
 * @Entity
 * @PurgePolicy(PurgeAction.RESTRICT)          // default for this entity
 * class Contract {
 *     @Attached Attachment signedCopy;          // RESTRICT
 *     @Attached @PurgePolicy(PurgeAction.PURGE)
 *     Attachment draft;                         // PURGE
 * }
 * }</pre>
 */
@Documented
@Target({ TYPE, FIELD, METHOD })
@Retention(RUNTIME)
public @interface PurgePolicy {

	/**
	 * @return what happens to the files when the owner is deleted or the attachment replaced or removed
	 */
	PurgeAction value();
}
