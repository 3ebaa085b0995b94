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

/** RESTRICT as the entity default, with PURGE on one attribute. */
@Entity
@Table(name = "contracts")
@PurgePolicy(PurgeAction.RESTRICT)
public class Contract {

	@Id
	@GeneratedValue
	public Long id;

	@Attached
	public Attachment signedCopy;

	@Attached
	@PurgePolicy(PurgeAction.PURGE)
	public Attachment draft;

	@Attached
	@ElementCollection
	@OrderColumn
	public List<Attachment> annexes = new ArrayList<>();
}
