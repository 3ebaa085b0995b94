package io.github.hibernateattachments.internal.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.internal.AssertionFailure;
import io.github.hibernateattachments.internal.model.AttachedAttribute;
import io.github.hibernateattachments.internal.model.AttachmentAccess;
import io.github.hibernateattachments.internal.model.BlobRecord;

import org.hibernate.Hibernate;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Reads the attachments an owner holds now and held when it was loaded (or last flushed).
 */
public final class OwnerValues {

	private final Map<String, Integer> indexes = new ConcurrentHashMap<>();

	public int indexOf(EntityPersister persister, AttachedAttribute attribute) {
		return indexes.computeIfAbsent( persister.getEntityName() + '.' + attribute.name(), k -> {
			final String[] names = persister.getPropertyNames();
			for ( int i = 0; i < names.length; i++ ) {
				if ( names[i].equals( attribute.name() ) ) {
					return i;
				}
			}
			throw new AssertionFailure( "No property " + k );
		} );
	}


	/**
	 * @return the blob ids the attribute held in the database state Hibernate last saw, or {@code null} if
	 * that state is unknown without loading it (an uninitialized collection that is still in place)
	 */
	public Set<Object> loadedBlobIds(EntityEntry entry, Object current, AttachedAttribute attribute) {
		final Object[] loadedState = entry.getLoadedState();
		if ( loadedState == null ) {
			return Set.of();
		}
		final Object loaded = loadedState[indexOf( entry.getPersister(), attribute )];
		if ( loaded instanceof PersistentCollection<?> collection ) {
			if ( !collection.wasInitialized() ) {
				if ( loaded == current ) {
					return null; // untouched: nothing can have been removed
				}
				Hibernate.initialize( collection ); // replaced by another collection: find what it held
			}
			final Object snapshot = collection.getStoredSnapshot();
			return blobIds( snapshot instanceof Collection<?> || snapshot == null ? attachments( snapshot ) : attachments( collection ) );
		}
		return blobIds( attachments( loaded ) );
	}

	public static List<Attachment> attachments(Object value) {
		if ( value == null ) {
			return List.of();
		}
		if ( value instanceof Attachment attachment ) {
			return List.of( attachment );
		}
		if ( value instanceof Collection<?> collection ) {
			if ( collection instanceof PersistentCollection<?> persistent && !persistent.wasInitialized() ) {
				Hibernate.initialize( persistent );
			}
			final List<Attachment> result = new ArrayList<>( collection.size() );
			for ( Object element : collection ) {
				if ( element != null ) {
					result.add( (Attachment) element );
				}
			}
			return result;
		}
		throw new AssertionFailure( "Unexpected attachment value " + value.getClass() );
	}

	public static Set<Object> blobIds(List<Attachment> attachments) {
		final Set<Object> ids = new LinkedHashSet<>();
		for ( Attachment attachment : attachments ) {
			final BlobRecord blob = AttachmentAccess.blobOf( attachment );
			if ( blob != null ) {
				ids.add( blob.getId() );
			}
		}
		return ids;
	}

	public static boolean isUninitialized(Object value) {
		return value instanceof PersistentCollection<?> collection && !collection.wasInitialized();
	}
}
