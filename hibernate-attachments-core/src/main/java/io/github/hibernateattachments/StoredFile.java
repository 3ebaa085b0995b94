package io.github.hibernateattachments;

import java.time.Instant;

/**
 * What is known of a stored attachment, read by {@link Attachments#storedFile(Attachment)} also where the
 * attachment's own accessors cannot load it (outside the session that loaded its owner, with open-in-view off).
 *
 * @param key the unguessable storage key
 * @param filename the original filename
 * @param contentType the content type
 * @param byteSize the size in bytes
 * @param checksum the SHA-256 of the content, lower-case hex
 * @param serviceName the storage service that holds the file
 * @param createdAt when it was stored
 */
public record StoredFile(String key, String filename, String contentType, long byteSize, String checksum,
		String serviceName, Instant createdAt) {
}
