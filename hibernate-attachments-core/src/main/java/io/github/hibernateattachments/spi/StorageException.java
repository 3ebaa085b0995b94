package io.github.hibernateattachments.spi;

import io.github.hibernateattachments.AttachmentException;

/**
 * A storage backend failed to store, read or delete an object. The message names the service and the key.
 */
public class StorageException extends AttachmentException {

	public StorageException(String message) {
		super( message );
	}

	public StorageException(String message, Throwable cause) {
		super( message, cause );
	}
}
