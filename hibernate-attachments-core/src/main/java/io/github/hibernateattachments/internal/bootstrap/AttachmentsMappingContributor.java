package io.github.hibernateattachments.internal.bootstrap;

import io.github.hibernateattachments.internal.model.BlobRecord;
import io.github.hibernateattachments.internal.model.DetachedBlob;
import io.github.hibernateattachments.internal.model.PurgeRecord;

import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.spi.MetadataSourcesContributor;

/**
 * Adds the extension's own entities (the blob table and the outbox) to every persistence unit, next to the
 * application's entities, so that their foreign keys can target the blob table.
 * <p>
 * A {@link MetadataSourcesContributor} and not an {@code AdditionalMappingContributor}: the latter's entities
 * are bound after the application's, too late for an association to them.
 */
public final class AttachmentsMappingContributor implements MetadataSourcesContributor {

	@Override
	public void contribute(MetadataSources metadataSources) {
		metadataSources.addAnnotatedClass( BlobRecord.class );
		metadataSources.addAnnotatedClass( PurgeRecord.class );
		metadataSources.addAnnotatedClass( DetachedBlob.class );
	}
}
