package io.github.hibernateattachments.test.planner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.SoftDelete;

/**
 * Entities for the foreign-key shapes the delete planner must see: a many-to-one inside an embedded id, JPA
 * derived identities, a unidirectional one-to-many with a NOT NULL join column, a key that only the database
 * has, joined inheritance, two unrelated entities, and soft delete. Each referenced entity is listed before
 * the entities referencing it, so that an order taken from the mapping would put the parent first.
 */
public final class ShapesModel {

	public static final Class<?>[] ENTITIES = {
			Invoice.class, InvoiceLine.class,
			Person.class, MedicalHistory.class, Licence.class,
			Clinic.class, ClinicPet.class, ClinicVisit.class,
			Ledger.class, LedgerEntry.class,
			Vehicle.class, Car.class, Trip.class,
			Alpha.class, Zulu.class,
			Memo.class
	};

	private ShapesModel() {
	}

	@Entity(name = "Invoice")
	@Table(name = "invoice")
	public static class Invoice {
		@Id
		public Long id;
	}

	/** A many-to-one inside an embedded id: its foreign key is part of the primary key. */
	@Embeddable
	public static class InvoiceLineId implements Serializable {
		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "invoice_id", nullable = false)
		public Invoice invoice;

		public int line;

		@Override
		public boolean equals(Object o) {
			return o instanceof InvoiceLineId other && line == other.line
					&& Objects.equals( invoice == null ? null : invoice.id, other.invoice == null ? null : other.invoice.id );
		}

		@Override
		public int hashCode() {
			return Objects.hash( invoice == null ? null : invoice.id, line );
		}
	}

	@Entity(name = "InvoiceLine")
	@Table(name = "invoice_line")
	public static class InvoiceLine {
		@EmbeddedId
		public InvoiceLineId id;
	}

	@Entity(name = "Person")
	@Table(name = "person")
	public static class Person {
		@Id
		public Long id;
	}

	/** JPA derived identity: the identifier is the to-one itself ({@code @Id @ManyToOne}). */
	@Entity(name = "MedicalHistory")
	@Table(name = "medical_history")
	public static class MedicalHistory implements Serializable {
		@Id
		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "person_id")
		public Person person;
	}

	/** JPA derived identity with {@code @MapsId}: the primary key is also the foreign key. */
	@Entity(name = "Licence")
	@Table(name = "licence")
	public static class Licence {
		@Id
		public Long id;

		@MapsId
		@OneToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "person_id")
		public Person person;
	}

	/** A unidirectional one-to-many with a NOT NULL join column, as in Spring's petclinic. */
	@Entity(name = "Clinic")
	@Table(name = "clinic")
	public static class Clinic {
		@Id
		@GeneratedValue
		public Long id;

		@OneToMany(cascade = CascadeType.ALL)
		@JoinColumn(name = "clinic_id", nullable = false)
		public List<ClinicPet> pets = new ArrayList<>();
	}

	@Entity(name = "ClinicPet")
	@Table(name = "clinic_pet")
	public static class ClinicPet {
		@Id
		@GeneratedValue
		public Long id;

		@OneToMany(cascade = CascadeType.ALL)
		@JoinColumn(name = "pet_id", nullable = false)
		public List<ClinicVisit> visits = new ArrayList<>();
	}

	@Entity(name = "ClinicVisit")
	@Table(name = "clinic_visit")
	public static class ClinicVisit {
		@Id
		@GeneratedValue
		public Long id;
	}

	@Entity(name = "Ledger")
	@Table(name = "ledger")
	public static class Ledger {
		@Id
		public Long id;
	}

	/** The column is a plain value to the mapping; a migration gives it a foreign key to {@code ledger}. */
	@Entity(name = "LedgerEntry")
	@Table(name = "ledger_entry")
	public static class LedgerEntry {
		@Id
		public Long id;

		@Column(name = "ledger_id", nullable = false)
		public Long ledgerId;
	}

	@Entity(name = "Vehicle")
	@Table(name = "vehicle")
	@Inheritance(strategy = InheritanceType.JOINED)
	public static class Vehicle {
		@Id
		public Long id;
	}

	@Entity(name = "Car")
	@Table(name = "car")
	public static class Car extends Vehicle {
		public String plate;
	}

	/** References the superclass table of a joined hierarchy. */
	@Entity(name = "Trip")
	@Table(name = "trip")
	public static class Trip {
		@Id
		public Long id;

		@ManyToOne(optional = false, fetch = FetchType.LAZY)
		@JoinColumn(name = "vehicle_id", nullable = false)
		public Vehicle vehicle;
	}

	/** Two entities no foreign key connects. */
	@Entity(name = "Alpha")
	@Table(name = "alpha")
	public static class Alpha {
		@Id
		public Long id;
	}

	@Entity(name = "Zulu")
	@Table(name = "zulu")
	public static class Zulu {
		@Id
		public Long id;
	}

	@Entity(name = "Memo")
	@Table(name = "memo")
	@SoftDelete
	public static class Memo {
		@Id
		public Long id;

		public String text;
	}
}
