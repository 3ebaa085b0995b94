package io.github.hibernateattachments.test.invalid;

import java.util.List;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A list of attachments without {@code @OrderColumn}: refused at boot. */
@Entity
public class UnorderedListOwner {
	@Id
	public Long id;

	@Attached
	@ElementCollection
	public List<Attachment> photos;
}
