package io.github.hibernateattachments.test.enhanced;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A bytecode-enhanced entity with a lazy, nullable reference to another row of its own table. */
@Entity(name = "EnhancedNode")
@Table(name = "enhanced_node")
public class EnhancedNode {
	@Id
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY)
	@JoinColumn(name = "next_id")
	private EnhancedNode next;

	protected EnhancedNode() {
	}

	public EnhancedNode(Long id, EnhancedNode next) {
		this.id = id;
		this.next = next;
	}
}
