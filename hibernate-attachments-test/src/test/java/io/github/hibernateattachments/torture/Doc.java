package io.github.hibernateattachments.torture;

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
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * The torture suite's owner: a single file (PURGE), a cover (DETACH) and a list of pages (PURGE), in an optional
 * folder whose native delete cascades to it in the database.
 */
@Entity
@Table(name = "t_docs")
public class Doc {

	@Id
	@GeneratedValue
	public Long id;

	@ManyToOne
	@OnDelete(action = OnDeleteAction.CASCADE)
	public Folder folder;

	@Attached
	public Attachment file;

	@Attached
	@PurgePolicy(PurgeAction.DETACH)
	public Attachment cover;

	@Attached
	@ElementCollection
	@OrderColumn
	public List<Attachment> pages = new ArrayList<>();

	protected Doc() {
	}

	public Doc(Folder folder) {
		this.folder = folder;
	}
}
