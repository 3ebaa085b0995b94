package io.github.hibernateattachments.test.enhanced;

import jakarta.persistence.Basic;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A bytecode-enhanced entity with a lazy attribute. */
@Entity(name = "EnhancedParent")
@Table(name = "enhanced_parent")
public class EnhancedParent {
	@Id
	private Long id;

	@Basic(fetch = FetchType.LAZY)
	private String notes;

	protected EnhancedParent() {
	}

	public EnhancedParent(Long id, String notes) {
		this.id = id;
		this.notes = notes;
	}

	public Long getId() {
		return id;
	}

	public String getNotes() {
		return notes;
	}
}
