package io.github.hibernateattachments.example;

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

/**
 * A user with one avatar and an ordered list of photos, both under the default policy (PURGE): a replaced,
 * removed or orphaned file is deleted, its blob row in the same transaction and its file after commit.
 */
@Entity
@Table(name = "users")
public class User {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	/** Column {@code users.avatar_blob_id}, FOREIGN KEY to {@code attachment_blobs}. */
	@Attached
	private Attachment avatar;

	/** Table {@code User_photos}: owner FOREIGN KEY (ON DELETE CASCADE), blob FOREIGN KEY, position. */
	@Attached
	@ElementCollection
	@OrderColumn
	private List<Attachment> photos = new ArrayList<>();

	protected User() {
	}

	public User(String name) {
		this.name = name;
	}

	public Long getId() {
		return id;
	}

	public String getName() {
		return name;
	}

	public Attachment getAvatar() {
		return avatar;
	}

	public void setAvatar(Attachment avatar) {
		this.avatar = avatar;
	}

	public List<Attachment> getPhotos() {
		return photos;
	}
}
