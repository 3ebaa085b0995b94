package io.github.hibernateattachments.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An object as {@link StorageService#list()} reports it, for reconciliation.
 *
 * @param key the object's key
 * @param byteSize its size in bytes
 * @param lastModified when it was last written: files younger than the grace period are never called orphans
 */
public record ListedObject(String key, long byteSize, Instant lastModified) {

	public ListedObject {
		Objects.requireNonNull( key, "key" );
		Objects.requireNonNull( lastModified, "lastModified" );
	}
}
