package io.github.hibernateattachments.sample;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A pet and its photo: images only, detected from the content whatever the browser says. */
@Entity
public class Pet {

	@Id
	@GeneratedValue
	Long id;

	String name;

	@Attached(contentTypes = { "image/png", "image/jpeg", "image/gif", "image/webp" })
	Attachment photo;

	protected Pet() {
	}

	Pet(String name, Attachment photo) {
		this.name = name;
		this.photo = photo;
	}
}
