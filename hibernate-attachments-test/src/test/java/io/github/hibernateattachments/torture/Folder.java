package io.github.hibernateattachments.torture;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A folder of {@link Doc}s; deleting its row natively cascades to them in the database. */
@Entity
@Table(name = "t_folders")
public class Folder {

	@Id
	@GeneratedValue
	public Long id;

	public String name;

	protected Folder() {
	}

	public Folder(String name) {
		this.name = name;
	}
}
