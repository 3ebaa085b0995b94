package io.github.hibernateattachments.test.invalid;

import io.github.hibernateattachments.Attachment;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An Attachment attribute without {@code @Attached}: refused at boot. */
@Entity
public class UnannotatedOwner {
	@Id
	public Long id;

	public Attachment avatar;
}
