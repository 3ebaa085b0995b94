package io.github.hibernateattachments.spring.boot;

import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

import io.github.hibernateattachments.spi.ListedObject;
import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StoredObject;
import io.github.hibernateattachments.storage.InMemoryStorageService;

/** A storage service in memory that tests extend to change one behaviour (failing deletes, signed URLs). */
class MemoryStorage implements StorageService {

	final StorageService memory = new InMemoryStorageService();

	@Override
	public String name() {
		return "test-memory";
	}

	@Override
	public StoredObject store(String key, InputStream content) {
		return memory.store( key, content );
	}

	@Override
	public InputStream openStream(String key) {
		return memory.openStream( key );
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		return memory.stat( key );
	}

	@Override
	public void delete(String key) {
		memory.delete( key );
	}

	@Override
	public Stream<ListedObject> list() {
		return memory.list();
	}

	long count() {
		try ( var listed = list() ) {
			return listed.count();
		}
	}
}
