package io.github.hibernateattachments.spring.boot.app;

import java.util.ArrayList;
import java.util.List;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/** A member with a photo and a list of documents. */
@Entity
@Table(name = "members")
public class Member {

	@Id
	@GeneratedValue
	public Long id;

	public String name;

	@Attached
	public Attachment photo;

	@Attached
	@ElementCollection
	@OrderColumn
	public List<Attachment> documents = new ArrayList<>();

	protected Member() {
	}

	public Member(String name) {
		this.name = name;
	}
}
