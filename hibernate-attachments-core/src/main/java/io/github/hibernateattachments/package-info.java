/**
 * hibernate-attachments: stored files for JPA entities with foreign keys enforced end to end.
 * <p>
 * Annotate an attribute with {@link io.github.hibernateattachments.Attached}, choose what happens to its files
 * with {@link io.github.hibernateattachments.PurgePolicy}, configure it with
 * {@link io.github.hibernateattachments.AttachmentsSettings}, and read content through
 * {@link io.github.hibernateattachments.Attachments}.
 */
package io.github.hibernateattachments;
