package io.github.hibernateattachments.test;

import io.github.hibernateattachments.AttachmentException;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Finds the {@link AttachmentException} a call throws, whether JPA wrapped it (flush, commit) or not
 * (persist, remove), and asserts on it.
 */
public final class AttachmentAssertions {

	private AttachmentAssertions() {
	}

	public static AbstractThrowableAssert<?, ? extends Throwable> assertAttachmentError(ThrowingCallable call) {
		final Throwable thrown = Assertions.catchThrowable( call );
		Assertions.assertThat( thrown ).as( "expected an AttachmentException" ).isNotNull();
		for ( Throwable t = thrown; t != null; t = t.getCause() ) {
			if ( t instanceof AttachmentException ) {
				return Assertions.assertThat( t );
			}
		}
		throw new AssertionError( "No AttachmentException in the cause chain of " + thrown, thrown );
	}
}
