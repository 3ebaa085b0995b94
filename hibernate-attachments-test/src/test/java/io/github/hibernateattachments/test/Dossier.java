package io.github.hibernateattachments.test;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An owner with an attachment on the default storage service and one on the service named {@code archive}. */
@Entity
@Table(name = "dossiers")
public class Dossier {

	@Id
	@GeneratedValue
	public Long id;

	@Attached
	public Attachment photo;

	@Attached(service = "archive")
	public Attachment scan;
}
