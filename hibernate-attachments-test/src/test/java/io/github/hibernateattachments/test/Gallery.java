package io.github.hibernateattachments.test;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An owner whose attribute accepts only small PNG and JPEG images. */
@Entity
@Table(name = "galleries")
public class Gallery {

	@Id
	@GeneratedValue
	public Long id;

	@Attached(contentTypes = { "image/png", "image/jpeg" }, maxSize = "1KB")
	public Attachment picture;

	@Attached(contentTypes = "image/*")
	public Attachment thumbnail;
}
