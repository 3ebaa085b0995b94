package io.github.hibernateattachments.test.enhanced;

import jakarta.persistence.Basic;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A bytecode-enhanced entity whose NOT NULL reference to its parent is lazy. */
@Entity(name = "EnhancedChild")
@Table(name = "enhanced_child")
public class EnhancedChild {
	@Id
	private Long id;

	@ManyToOne(optional = false, fetch = FetchType.LAZY)
	@JoinColumn(name = "parent_id", nullable = false)
	private EnhancedParent parent;

	@Basic(fetch = FetchType.LAZY)
	private String notes;

	protected EnhancedChild() {
	}

	public EnhancedChild(Long id, EnhancedParent parent) {
		this.id = id;
		this.parent = parent;
	}

	public EnhancedParent getParent() {
		return parent;
	}
}
