package io.github.hibernateattachments.internal;

import io.github.hibernateattachments.PurgeAction;

/**
 * One {@code @Attached} attribute of an entity, as the runtime needs it.
 *
 * @param entityName the entity (or subclass) that has the attribute
 * @param jpaEntityName its JPA entity name ({@code @Entity(name = ...)}, by default the simple class name), for messages
 * @param declaringEntityName the topmost entity of the hierarchy that has the attribute
 * @param rootEntityName the root entity of the hierarchy
 * @param name the attribute name
 * @param many {@code true} for a {@code List<Attachment>}
 * @param policy what happens to the blob when the reference goes
 */
record AttachedAttribute(String entityName, String jpaEntityName, String declaringEntityName, String rootEntityName, String name,
		boolean many, PurgeAction policy) {

	String describe(Object ownerId) {
		return jpaEntityName + "#" + ownerId + "." + name;
	}

	/** {@code Entity.attribute}, as users name it in messages about the mapping. */
	String path() {
		return jpaEntityName + "." + name;
	}
}
