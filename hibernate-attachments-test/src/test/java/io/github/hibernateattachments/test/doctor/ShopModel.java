package io.github.hibernateattachments.test.doctor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;

import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * A realistic, carefully mapped model for the schema doctor: joined and single-table inheritance, a secondary
 * table, an embedded id with a derived identity, a one-to-one sharing its parent's primary key, element
 * collections (a set and an ordered list of embeddables), a many-to-many join table, attachments. Every key has
 * a conscious {@code ON DELETE} (by {@code @OnDelete} or by a parent that removes its children) and an index.
 * On a schema hbm2ddl creates from it, the doctor must find nothing.
 */
public final class ShopModel {

	public static final Class<?>[] ENTITIES = { Customer.class, Order.class, OrderLine.class, Product.class, Category.class,
			Payment.class, CardPayment.class, BankTransfer.class, Note.class, CustomerNote.class, AppUser.class, UserConfig.class,
			AuditEntry.class };

	private ShopModel() {
	}

	@Entity
	@Table(name = "customers")
	@SecondaryTable(name = "customer_details")
	public static class Customer {
		@Id
		@GeneratedValue
		public Long id;

		public String name;

		@Column(table = "customer_details")
		public String notes;

		/** Hibernate 7.4 gives this table a unique key (customer_id, emails), 7.2 no key at all: the index is declared. */
		@ElementCollection
		@CollectionTable(name = "customer_emails", joinColumns = @JoinColumn(name = "customer_id"),
				indexes = @Index(columnList = "customer_id"))
		public Set<String> emails = new HashSet<>();

		@ElementCollection
		@CollectionTable(name = "customer_phones", joinColumns = @JoinColumn(name = "customer_id"),
				indexes = @Index(columnList = "customer_id"))
		@OrderColumn
		public List<Phone> phones = new ArrayList<>();

		@Attached
		public Attachment avatar;

		@Attached
		@ElementCollection
		@OrderColumn
		public List<Attachment> documents = new ArrayList<>();
	}

	@Embeddable
	public static class Phone {
		public String kind;
		public String number;
	}

	@Entity
	@Table(name = "orders", indexes = @Index(columnList = "customer_id"))
	public static class Order {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(optional = false)
		@OnDelete(action = OnDeleteAction.RESTRICT)
		public Customer customer;

		@OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
		public List<OrderLine> lines = new ArrayList<>();
	}

	@Embeddable
	public static class OrderLineId implements Serializable {
		public Long orderId;
		public int lineNo;

		@Override
		public boolean equals(Object other) {
			return other instanceof OrderLineId id && java.util.Objects.equals( orderId, id.orderId ) && lineNo == id.lineNo;
		}

		@Override
		public int hashCode() {
			return java.util.Objects.hash( orderId, lineNo );
		}
	}

	@Entity
	@Table(name = "order_lines", indexes = { @Index(columnList = "order_id"), @Index(columnList = "product_id") })
	public static class OrderLine {
		@EmbeddedId
		public OrderLineId id = new OrderLineId();

		@MapsId("orderId")
		@ManyToOne
		public Order order;

		@ManyToOne(optional = false)
		@OnDelete(action = OnDeleteAction.RESTRICT)
		public Product product;

		public int quantity;
	}

	@Entity
	@Table(name = "products")
	public static class Product {
		@Id
		@GeneratedValue
		public Long id;

		public String name;

		@ManyToMany
		@JoinTable(name = "product_categories", indexes = { @Index(columnList = "products_id"), @Index(columnList = "categories_id") })
		@OnDelete(action = OnDeleteAction.CASCADE)
		public Set<Category> categories = new HashSet<>();
	}

	@Entity
	@Table(name = "categories")
	public static class Category {
		@Id
		@GeneratedValue
		public Long id;

		public String name;

		@ManyToMany(mappedBy = "categories")
		@OnDelete(action = OnDeleteAction.CASCADE)
		public Set<Product> products = new HashSet<>();
	}

	@Entity
	@Table(name = "payments", indexes = @Index(columnList = "order_id"))
	@Inheritance(strategy = InheritanceType.JOINED)
	public static class Payment {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne(optional = false)
		@OnDelete(action = OnDeleteAction.CASCADE)
		public Order order;

		public long cents;
	}

	@Entity
	@Table(name = "card_payments")
	public static class CardPayment extends Payment {
		public String last4;
	}

	@Entity
	@Table(name = "bank_transfers")
	public static class BankTransfer extends Payment {
		public String iban;
	}

	@Entity
	@Table(name = "notes", indexes = @Index(columnList = "customer_id"))
	@Inheritance(strategy = InheritanceType.SINGLE_TABLE)
	@DiscriminatorValue("note")
	public static class Note {
		@Id
		@GeneratedValue
		public Long id;

		public String text;
	}

	@Entity
	@DiscriminatorValue("customer")
	public static class CustomerNote extends Note {
		@ManyToOne
		@OnDelete(action = OnDeleteAction.CASCADE)
		public Customer customer;
	}

	/** A quoted, mixed-case table name: the doctor's SQL must quote it on every database. */
	@Entity
	@Table(name = "`Audit_Entries`", indexes = @Index(columnList = "customer_id"))
	public static class AuditEntry {
		@Id
		@GeneratedValue
		public Long id;

		@ManyToOne
		@OnDelete(action = OnDeleteAction.CASCADE)
		public Customer customer;
	}

	@Entity
	@Table(name = "app_users")
	public static class AppUser {
		@Id
		@GeneratedValue
		public Long id;

		public String login;
	}

	/** Shares its user's primary key: user_configs.user_id is both primary key and foreign key. */
	@Entity
	@Table(name = "user_configs")
	public static class UserConfig {
		@Id
		public Long id;

		@MapsId
		@OneToOne
		@JoinColumn(name = "user_id")
		@OnDelete(action = OnDeleteAction.CASCADE)
		public AppUser user;

		public String theme;
	}
}
