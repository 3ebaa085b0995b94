package io.github.hibernateattachments.internal.model;

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
 * @param contentTypes the content types accepted ({@code image/png}, {@code image/*}); empty: any
 * @param maxSizeOrZero the largest file accepted for this attribute, 0 for the unit's limit
 * @param serviceOrNull the storage service that stores its new files, {@code null} for the unit's default
 */
public record AttachedAttribute(String entityName, String jpaEntityName, String declaringEntityName, String rootEntityName, String name,
		boolean many, PurgeAction policy, java.util.List<String> contentTypes, long maxSizeOrZero, String serviceOrNull) {

	public String describe(Object ownerId) {
		return jpaEntityName + "#" + ownerId + "." + name;
	}

	/** @return whether {@code contentType} is one this attribute accepts */
	public boolean accepts(String contentType) {
		if ( contentTypes.isEmpty() ) {
			return true;
		}
		final String type = contentType.toLowerCase( java.util.Locale.ROOT ).split( ";" )[0].trim();
		for ( String accepted : contentTypes ) {
			final String rule = accepted.toLowerCase( java.util.Locale.ROOT ).trim();
			if ( rule.equals( type ) || rule.endsWith( "/*" ) && type.startsWith( rule.substring( 0, rule.length() - 1 ) ) ) {
				return true;
			}
		}
		return false;
	}

	/** {@code Entity.attribute}, as users name it in messages about the mapping. */
	public String path() {
		return jpaEntityName + "." + name;
	}
}
