package io.github.hibernateattachments.internal;

import org.hibernate.boot.ResourceStreamLocator;
import org.hibernate.boot.spi.AdditionalMappingContributions;
import org.hibernate.boot.spi.AdditionalMappingContributor;
import org.hibernate.boot.spi.InFlightMetadataCollector;
import org.hibernate.boot.spi.MetadataBuildingContext;

/**
 * Adds the extension's own entities (the blob table and the outbox) to every persistence unit.
 */
public final class AttachmentsMappingContributor implements AdditionalMappingContributor {

	@Override
	public String getContributorName() {
		return "hibernate-attachments";
	}

	@Override
	public void contribute(AdditionalMappingContributions contributions, InFlightMetadataCollector metadata,
			ResourceStreamLocator resourceStreamLocator, MetadataBuildingContext buildingContext) {
		contributions.contributeEntity( BlobRecord.class );
		contributions.contributeEntity( PurgeRecord.class );
	}
}
