package io.github.hibernateattachments.test.planner;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * Entities for the delete planner tests: parents and children with every kind of foreign key, a
 * self-referencing hierarchy, a cycle, and the cascades.
 */
public final class PlannerModel {

	public static final Class<?>[] ENTITIES = {
			Parent.class, FixedChild.class, NotNullChild.class, NullableChild.class, Employee.class, Node.class,
			CycleA.class, CycleB.class, CascadeParent.class, CascadeChild.class, DbCascadeChild.class
	};

	private PlannerModel() {
	}

	@Entity(name = "Parent")
	@Table(name = "parent")
	public static class Parent {
		@Id
		@GeneratedValue
		public Long id;

		public String name;
	}

	/** Case 1: NOT NULL and not updatable: Hibernate cannot null it, so the commit used to fail on the FK. */
	@Entity(name = "FixedChild")
	@Table(name = "fixed_child")
	public static class FixedChild {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "parent_id", nullable = false, updatable = false)
		public Parent parent;
	}

	/** Case 2: NOT NULL and updatable: remove(child) used to fail with PropertyValueException. */
	@Entity(name = "NotNullChild")
	@Table(name = "not_null_child")
	public static class NotNullChild {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "parent_id", nullable = false)
		public Parent parent;
	}

	/** Case 3: nullable: Hibernate used to UPDATE it to null before deleting the row anyway. */
	@Entity(name = "NullableChild")
	@Table(name = "nullable_child")
	public static class NullableChild {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(fetch = FetchType.LAZY)
		@JoinColumn(name = "parent_id")
		public Parent parent;
	}

	/** A nullable self-reference. */
	@Entity(name = "Employee")
	@Table(name = "employee")
	public static class Employee {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(fetch = FetchType.LAZY)
		@JoinColumn(name = "manager_id")
		public Employee manager;
	}

	/** A NOT NULL self-reference: the first node points to itself. */
	@Entity(name = "Node")
	@Table(name = "node")
	public static class Node {
		@Id
		public Long id;

		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "next_id", nullable = false)
		public Node next;
	}

	/** Two hierarchies referencing each other, through nullable foreign keys. */
	@Entity(name = "CycleA")
	@Table(name = "cycle_a")
	public static class CycleA {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(fetch = FetchType.LAZY)
		@JoinColumn(name = "b_id")
		public CycleB b;
	}

	@Entity(name = "CycleB")
	@Table(name = "cycle_b")
	public static class CycleB {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(fetch = FetchType.LAZY)
		@JoinColumn(name = "a_id")
		public CycleA a;
	}

	/** JPA cascades: remove and orphan removal. */
	@Entity(name = "CascadeParent")
	@Table(name = "cascade_parent")
	public static class CascadeParent {
		@Id
		@GeneratedValue
		public Long id;

		@OneToMany(mappedBy = "parent", cascade = CascadeType.REMOVE, orphanRemoval = true)
		public List<CascadeChild> children = new ArrayList<>();
	}

	@Entity(name = "CascadeChild")
	@Table(name = "cascade_child")
	public static class CascadeChild {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "parent_id", nullable = false)
		public CascadeParent parent;
	}

	/** A database-side cascade: the database deletes these rows with their parent. */
	@Entity(name = "DbCascadeChild")
	@Table(name = "db_cascade_child")
	public static class DbCascadeChild {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "parent_id", nullable = false)
		@OnDelete(action = OnDeleteAction.CASCADE)
		public Parent parent;
	}
}
