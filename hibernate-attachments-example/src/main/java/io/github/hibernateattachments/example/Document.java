package io.github.hibernateattachments.example;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.PurgeAction;
import io.github.hibernateattachments.PurgePolicy;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A document whose file must never disappear by accident: deleting the document, or replacing or removing
 * its file, fails with a clear error and changes nothing.
 */
@Entity
@Table(name = "documents")
public class Document {

	@Id
	@GeneratedValue
	private Long id;

	private String title;

	/** Column {@code documents.file_blob_id}, FOREIGN KEY to {@code attachment_blobs}. */
	@Attached
	@PurgePolicy(PurgeAction.RESTRICT)
	private Attachment file;

	protected Document() {
	}

	public Document(String title, Attachment file) {
		this.title = title;
		this.file = file;
	}

	public Long getId() {
		return id;
	}

	public String getTitle() {
		return title;
	}

	public Attachment getFile() {
		return file;
	}
}
