package io.github.hibernateattachments;

import java.time.Instant;

/**
 * A stored file that an owner let go under {@code @PurgePolicy(DETACH)}: its blob row and file are kept (the
 * sweeper never takes them) until the application purges it with {@link Attachments#purgeDetached(String)}.
 *
 * @param key the storage key
 * @param filename the original filename
 * @param contentType the content type
 * @param byteSize the size in bytes
 * @param detachedAt when the last owner let it go
 */
public record DetachedFile(String key, String filename, String contentType, long byteSize, Instant detachedAt) {
}
