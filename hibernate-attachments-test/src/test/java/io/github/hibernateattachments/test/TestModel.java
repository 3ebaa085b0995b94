package io.github.hibernateattachments.test;

import java.util.List;

/**
 * The shared test model: {@link Owner} (PURGE, DETACH, and a PURGE list) and {@link Contract} (RESTRICT by
 * default, with a PURGE override and a RESTRICT list).
 */
public final class TestModel {

	public static final List<Class<?>> ENTITIES = List.of( Owner.class, Contract.class );

	private TestModel() {
	}
}
