package io.github.hibernateattachments.spring.boot;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.spring.boot.app.Member;
import io.github.hibernateattachments.spring.boot.app.MemberRepository;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An application whose schema a migration tool manages, with Hibernate validating it
 * ({@code spring.jpa.hibernate.ddl-auto=validate}): the extension's shipped migrations create its tables
 * before the application's own, which reference them with foreign keys.
 */
abstract class MigrationsContract {

	@Autowired
	MemberRepository members;

	@Autowired
	JdbcTemplate jdbc;

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add( "attachments.services.files.root", root::toString );
	}

	@Test
	void the_schema_validates_and_attachments_work_with_the_foreign_keys_in_place() throws Exception {
		final Member member = new Member( "ada" );
		member.photo = Attachment.of( "photo".getBytes(), "photo.jpg" );
		member.documents.add( Attachment.of( "cv".getBytes(), "cv.pdf" ) );
		final long id = members.save( member ).id;

		assertThat( jdbc.queryForObject( "select count(*) from attachment_blobs", Long.class ) ).isEqualTo( 2 );
		final long blobId = jdbc.queryForObject( "select photo_blob_id from members", Long.class );
		assertThatThrownBy( () -> jdbc.update( "delete from attachment_blobs where id = ?", blobId ) )
				.as( "the application's foreign key protects the blob" ).isInstanceOf( DataIntegrityViolationException.class );

		members.deleteById( id );
		assertThat( jdbc.queryForObject( "select count(*) from attachment_blobs", Long.class ) ).isZero();
		try ( var files = Files.walk( root ) ) {
			assertThat( files.filter( Files::isRegularFile ) ).isEmpty();
		}
	}
}
