package io.github.hibernateattachments.internal.doctor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link MappedSchema} of each active SessionFactory, by the factory's UUID: the schema doctor needs the
 * relational model, which only exists while the factory is built.
 */
public final class MappedSchemas {

	private static final Map<String, MappedSchema> SCHEMAS = new ConcurrentHashMap<>();

	private MappedSchemas() {
	}

	public static void put(String factoryUuid, MappedSchema schema) {
		SCHEMAS.put( factoryUuid, schema );
	}

	public static MappedSchema get(String factoryUuid) {
		return SCHEMAS.get( factoryUuid );
	}

	public static void remove(String factoryUuid) {
		SCHEMAS.remove( factoryUuid );
	}
}
