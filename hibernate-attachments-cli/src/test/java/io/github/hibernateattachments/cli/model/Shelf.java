package io.github.hibernateattachments.cli.model;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "shelves")
public class Shelf {
	@Id
	@GeneratedValue
	public Long id;

	public String label;

	@Attached
	public Attachment photo;
}
