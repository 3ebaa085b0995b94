package io.github.hibernateattachments.spring.boot;

import java.util.Set;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.spring.boot.app.Member;
import io.github.hibernateattachments.spring.boot.app.MemberRepository;
import io.github.hibernateattachments.spring.boot.app.TestApplication;
import io.github.hibernateattachments.spring.boot.validation.AcceptedContentTypes;
import io.github.hibernateattachments.spring.boot.validation.MaxFileSize;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Bean Validation of uploads: content types and sizes refused before anything is stored. */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.datasource.url=jdbc:h2:mem:validation;DB_CLOSE_DELAY=-1",
		"attachments.services.files.type=memory" })
@AutoConfigureMockMvc
class ValidationIT {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Validator validator;

	@Autowired
	MemberRepository members;

	@Test
	void a_form_with_a_wrong_type_or_too_large_a_file_is_refused_and_nothing_is_stored() throws Exception {
		final long before = jdbc.queryForObject( "select count(*) from attachment_blobs", Long.class );

		mvc.perform( multipart( "/members/validated" ).file( new MockMultipartFile( "photo", "page.html", "text/html", "<p>".getBytes() ) )
						.param( "name", "ada" ) )
				.andExpect( status().isBadRequest() )
				.andExpect( content().string( "photo: 'page.html' is text/html; accepted: image/png, image/jpeg" ) );
		mvc.perform( multipart( "/members/validated" ).file( new MockMultipartFile( "photo", "big.png", "image/png", new byte[100] ) )
						.param( "name", "ada" ) )
				.andExpect( status().isBadRequest() )
				.andExpect( content().string( "photo: 'big.png' has 100 bytes; at most 64B" ) );

		assertThat( jdbc.queryForObject( "select count(*) from attachment_blobs", Long.class ) ).isEqualTo( before );

		mvc.perform( multipart( "/members/validated" ).file( new MockMultipartFile( "photo", "ok.png", "image/png", new byte[10] ) )
				.param( "name", "ada" ) ).andExpect( status().isOk() );
		assertThat( jdbc.queryForObject( "select count(*) from attachment_blobs", Long.class ) ).isEqualTo( before + 1 );
	}

	record Upload(@AcceptedContentTypes("image/*") @MaxFileSize("4B") Attachment file) {
	}

	@Test
	void a_stored_attachment_is_checked_against_its_stored_type_and_size_and_a_pending_one_passes() {
		final Member member = new Member( "ada" );
		member.photo = Attachment.of( "hello".getBytes(), "hello.txt" );
		final Member saved = members.save( member );

		final Set<ConstraintViolation<Upload>> stored = validator.validate( new Upload( saved.photo ) );
		assertThat( stored ).extracting( ConstraintViolation::getMessage ).containsExactlyInAnyOrder(
				"'hello.txt' is text/plain; accepted: image/*", "'hello.txt' has 5 bytes; at most 4B" );

		assertThat( validator.validate( new Upload( Attachment.of( "hello".getBytes(), "hello.txt" ) ) ) ).isEmpty();
	}
}
