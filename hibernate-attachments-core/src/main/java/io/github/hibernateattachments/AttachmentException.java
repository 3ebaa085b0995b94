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

	/**
	 * The AttachmentException behind {@code failure}, which frameworks wrap on its way out: JPA's
	 * {@code RollbackException} at commit, Spring's {@code JpaSystemException}, a servlet's exception.
	 * <pre>{@code
	 * catch (RuntimeException e) {
	 *     AttachmentException refused = AttachmentException.in(e).orElseThrow(() -> e);
	 *     ...
	 * }
	 * }</pre>
	 *
	 * @return the first AttachmentException among {@code failure} and its causes, if any
	 */
	public static java.util.Optional<AttachmentException> in(Throwable failure) {
		final java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap( new java.util.IdentityHashMap<>() );
		for ( Throwable t = failure; t != null && seen.add( t ); t = t.getCause() ) {
			if ( t instanceof AttachmentException attachmentException ) {
				return java.util.Optional.of( attachmentException );
			}
		}
		return java.util.Optional.empty();
	}
}
