package io.github.hibernateattachments.test.doctor;

import jakarta.persistence.CascadeType;
import jakarta.persistence.ConstraintMode;
import jakarta.persistence.Entity;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * Mistakes in the mapping itself, which hbm2ddl turns into the schema faithfully: the doctor must report them on
 * the schema hbm2ddl creates. Used with {@link ShopModel}'s entities.
 */
public final class MappingMistakes {

	private MappingMistakes() {
	}

	/** cascade = REMOVE on a many-to-one: removing one review removes the product every other review shares. */
	@Entity
	@Table(name = "reviews", indexes = @Index(columnList = "product_id"))
	public static class Review {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(cascade = CascadeType.REMOVE)
		@OnDelete(action = OnDeleteAction.RESTRICT)
		public ShopModel.Product product;
	}

	/** @OnDelete(SET_NULL) on a column that cannot be null. */
	@Entity
	@Table(name = "shipments", indexes = @Index(columnList = "order_id"))
	public static class Shipment {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(optional = false)
		@OnDelete(action = OnDeleteAction.SET_NULL)
		public ShopModel.Order order;
	}

	/** No key, on purpose (@ForeignKey(NO_CONSTRAINT)): a conscious choice the doctor leaves alone. */
	@Entity
	@Table(name = "gifts")
	public static class Gift {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne
		@JoinColumn(foreignKey = @ForeignKey(ConstraintMode.NO_CONSTRAINT))
		public ShopModel.Customer customer;
	}
}
