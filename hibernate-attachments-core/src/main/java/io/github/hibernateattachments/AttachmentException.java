package io.github.hibernateattachments;

import org.hibernate.HibernateException;

/**
 * The root of every error hibernate-attachments reports for a user mistake or a failed operation:
 * bad input, a refused purge, a storage failure, a missing setting.
 * <p>
 * Messages name the entity, attribute, key or setting involved and say what to do. When this exception
 * is thrown nothing half-done is left behind: no blob row without its file, no file outside the storage
 * root.
 */
public class AttachmentException extends HibernateException {

	public AttachmentException(String message) {
		super( message );
	}

	public AttachmentException(String message, Throwable cause) {
		super( message, cause );
	}
}
