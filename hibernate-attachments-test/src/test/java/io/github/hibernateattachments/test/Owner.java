package io.github.hibernateattachments.test;

import java.util.ArrayList;
import java.util.List;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.PurgeAction;
import io.github.hibernateattachments.PurgePolicy;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/** An owner with the default policy (PURGE) on two attributes and DETACH on a third. */
@Entity
@Table(name = "owners")
public class Owner {

	@Id
	@GeneratedValue
	public Long id;

	public String name;

	@Attached
	public Attachment avatar;

	@Attached
	@PurgePolicy(PurgeAction.DETACH)
	public Attachment banner;

	@Attached
	@ElementCollection
	@OrderColumn
	public List<Attachment> photos = new ArrayList<>();

	protected Owner() {
	}

	public Owner(String name) {
		this.name = name;
	}
}
