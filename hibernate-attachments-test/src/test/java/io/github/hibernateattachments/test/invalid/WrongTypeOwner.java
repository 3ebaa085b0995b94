package io.github.hibernateattachments.test.invalid;

import io.github.hibernateattachments.Attached;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** {@code @Attached} on a String: refused at boot. */
@Entity
public class WrongTypeOwner {
	@Id
	public Long id;

	@Attached
	public String avatar;
}
