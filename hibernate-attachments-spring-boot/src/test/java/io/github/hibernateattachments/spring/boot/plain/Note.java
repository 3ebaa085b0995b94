package io.github.hibernateattachments.spring.boot.plain;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An entity of an application that attaches nothing. */
@Entity
public class Note {

	@Id
	@GeneratedValue
	public Long id;

	public String text;
}
