package io.github.hibernateattachments.testing;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The entity of the test kit's examples: an application's, with one attached file. */
@Entity
@Table(name = "invoices")
public class Invoice {

	@Id
	@GeneratedValue
	public Long id;

	public String number;

	@Attached
	public Attachment scan;

	protected Invoice() {
	}

	public Invoice(String number) {
		this.number = number;
	}
}
