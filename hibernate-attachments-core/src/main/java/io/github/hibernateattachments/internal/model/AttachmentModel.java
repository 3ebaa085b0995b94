package io.github.hibernateattachments.internal.model;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.PurgeAction;
import io.github.hibernateattachments.PurgePolicy;
import io.github.hibernateattachments.internal.bootstrap.AttachedBinder;
import io.github.hibernateattachments.internal.bootstrap.SettingFormats;

import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;

/**
 * Which entities hold attachments, in which attributes, under which policy; read from the boot mapping.
 */
public final class AttachmentModel {

	private final Map<String, List<AttachedAttribute>> byEntity;
	/** Entities that hold attachments, and their superclasses: a proxy of one may be an owner. */
	private final java.util.Set<String> mayHoldAttachments;

	private AttachmentModel(Map<String, List<AttachedAttribute>> byEntity, java.util.Set<String> mayHoldAttachments) {
		this.byEntity = byEntity;
		this.mayHoldAttachments = mayHoldAttachments;
	}

	public static AttachmentModel from(Metadata metadata) {
		final Map<String, List<AttachedAttribute>> byEntity = new LinkedHashMap<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			final List<AttachedAttribute> attributes = new ArrayList<>();
			for ( Property property : entity.getPropertyClosure() ) {
				final boolean single = AttachedBinder.isAttachment( property.getValue() );
				final boolean many = property.getValue() instanceof Collection collection
						&& AttachedBinder.isAttachment( collection.getElement() );
				if ( single || many ) {
					attributes.add( new AttachedAttribute( entity.getEntityName(), entity.getJpaEntityName(),
							declaringEntity( entity, property.getName() ).getEntityName(),
							entity.getRootClass().getEntityName(), property.getName(), many,
							policyOf( entity, property ), contentTypesOf( entity, property ), maxSizeOf( entity, property ),
							serviceOf( entity, property ) ) );
				}
			}
			if ( !attributes.isEmpty() ) {
				byEntity.put( entity.getEntityName(), List.copyOf( attributes ) );
			}
		}
		final java.util.Set<String> mayHold = new java.util.HashSet<>();
		for ( PersistentClass entity : metadata.getEntityBindings() ) {
			if ( byEntity.containsKey( entity.getEntityName() ) ) {
				for ( PersistentClass c = entity; c != null; c = c.getSuperclass() ) {
					mayHold.add( c.getEntityName() );
				}
			}
		}
		return new AttachmentModel( Map.copyOf( byEntity ), java.util.Set.copyOf( mayHold ) );
	}

	/** @return the attached attributes of the entity, empty if it holds none */
	public List<AttachedAttribute> attributesOf(String entityName) {
		return byEntity.getOrDefault( entityName, List.of() );
	}

	/** @return whether an instance of the entity (or of one of its subclasses) may hold attachments */
	public boolean mayHoldAttachments(String entityName) {
		return mayHoldAttachments.contains( entityName );
	}

	/** @return whether the persistence unit has no {@code @Attached} attribute */
	public boolean isEmpty() {
		return byEntity.isEmpty();
	}

	public java.util.Collection<List<AttachedAttribute>> all() {
		return byEntity.values();
	}

	private static PersistentClass declaringEntity(PersistentClass entity, String propertyName) {
		PersistentClass declaring = entity;
		while ( declaring.getSuperclass() != null && declaring.getSuperclass().hasProperty( propertyName ) ) {
			declaring = declaring.getSuperclass();
		}
		return declaring;
	}

	private static PurgeAction policyOf(PersistentClass entity, Property property) {
		final Class<?> type = entity.getMappedClass();
		final AnnotatedElement member = type == null ? null : memberOf( type, property.getName() );
		if ( member == null || !member.isAnnotationPresent( Attached.class ) ) {
			throw new AttachmentException( "Attribute " + entity.getEntityName() + "." + property.getName()
					+ " holds attachments but is not annotated @Attached: annotate it, so that its column is"
					+ " named and constrained like every other attachment" );
		}
		final PurgePolicy onMember = member.getAnnotation( PurgePolicy.class );
		if ( onMember != null ) {
			return onMember.value();
		}
		for ( Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass() ) {
			final PurgePolicy onType = c.getAnnotation( PurgePolicy.class );
			if ( onType != null ) {
				return onType.value();
			}
		}
		return PurgeAction.PURGE;
	}

	private static List<String> contentTypesOf(PersistentClass entity, Property property) {
		final Attached attached = memberOf( entity.getMappedClass(), property.getName() ).getAnnotation( Attached.class );
		for ( String type : attached.contentTypes() ) {
			if ( !type.trim().matches( "[\\w.+-]+/([\\w.+-]+|\\*)" ) ) {
				throw new AttachmentException( "Invalid @Attached(contentTypes) on " + entity.getJpaEntityName() + "."
						+ property.getName() + ": '" + type + "' is not a content type such as 'image/png' or 'image/*'" );
			}
		}
		return List.of( attached.contentTypes() );
	}

	private static String serviceOf(PersistentClass entity, Property property) {
		final String service = memberOf( entity.getMappedClass(), property.getName() ).getAnnotation( Attached.class ).service().trim();
		return service.isEmpty() ? null : service;
	}

	private static long maxSizeOf(PersistentClass entity, Property property) {
		final Attached attached = memberOf( entity.getMappedClass(), property.getName() ).getAnnotation( Attached.class );
		if ( attached.maxSize().isBlank() ) {
			return 0;
		}
		final Long size = SettingFormats.sizeOrNull( attached.maxSize() );
		if ( size == null || size <= 0 ) {
			throw new AttachmentException( "Invalid @Attached(maxSize) on " + entity.getJpaEntityName() + "."
					+ property.getName() + ": '" + attached.maxSize() + "' is not a positive size such as '5MB' or '512KB'" );
		}
		return size;
	}

	private static AnnotatedElement memberOf(Class<?> type, String name) {
		final String getter = "get" + Character.toUpperCase( name.charAt( 0 ) ) + name.substring( 1 );
		for ( Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass() ) {
			for ( Field field : c.getDeclaredFields() ) {
				if ( field.getName().equals( name ) && field.isAnnotationPresent( Attached.class ) ) {
					return field;
				}
			}
			for ( Method method : c.getDeclaredMethods() ) {
				if ( method.getName().equals( getter ) && method.getParameterCount() == 0
						&& method.isAnnotationPresent( Attached.class ) ) {
					return method;
				}
			}
		}
		return null;
	}
}
