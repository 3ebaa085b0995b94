package io.github.hibernateattachments.test;

import java.util.ArrayList;
import java.util.List;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/**
 * The sample owner of {@link MigrationScriptsIT}: one single attachment and one attachment list, with
 * Hibernate's default names for everything but the owner table.
 */
@Entity
@Table(name = "script_owners")
public class ScriptOwner {

	@Id
	@GeneratedValue
	public Long id;

	@Attached
	public Attachment document;

	@Attached
	@ElementCollection
	@OrderColumn
	public List<Attachment> pages = new ArrayList<>();
}
