package io.github.hibernateattachments.spi;

import java.util.Objects;

/**
 * What a storage backend reports about an object it holds.
 *
 * @param key the object's key
 * @param byteSize the number of bytes stored
 */
public record StoredObject(String key, long byteSize) {

	public StoredObject {
		Objects.requireNonNull( key, "key" );
		if ( byteSize < 0 ) {
			throw new IllegalArgumentException( "byteSize must not be negative: " + byteSize );
		}
	}
}
