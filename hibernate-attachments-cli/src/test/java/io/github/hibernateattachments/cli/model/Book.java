package io.github.hibernateattachments.cli.model;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

@Entity
@Table(name = "books", indexes = @Index(columnList = "shelf_id"))
public class Book {
	@Id
	@GeneratedValue
	public Long id;

	public String title;

	@ManyToOne
	@OnDelete(action = OnDeleteAction.SET_NULL)
	public Shelf shelf;
}
