package io.github.hibernateattachments.spring.boot;

import java.nio.file.Path;

import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Uploads through Spring MVC's multipart binding and downloads through {@code AttachmentResponses}, with
 * open-in-view off: what a browser sends and gets.
 */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.jpa.open-in-view=false",
		"spring.datasource.url=jdbc:h2:mem:web;DB_CLOSE_DELAY=-1", "attachments.services.files.type=disk" })
@AutoConfigureMockMvc
class WebIT {

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
			0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89 };

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add( "attachments.services.files.root", root::toString );
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	io.github.hibernateattachments.spring.boot.app.MemberRepository members;

	@org.junit.jupiter.api.BeforeEach
	void empty() {
		members.deleteAll();
	}

	private long upload(String path, MockMultipartFile file, String name) throws Exception {
		final var request = multipart( path ).param( "name", name );
		if ( file != null ) {
			request.file( file );
		}
		return Long.parseLong( mvc.perform( request ).andExpect( status().isOk() ).andReturn().getResponse().getContentAsString() );
	}

	private MvcResult download(long id, String... headers) throws Exception {
		final var request = get( "/members/" + id + "/photo" );
		for ( int i = 0; i < headers.length; i += 2 ) {
			request.header( headers[i], headers[i + 1] );
		}
		final MvcResult started = mvc.perform( request ).andReturn();
		return started.getRequest().isAsyncStarted() ? mvc.perform( asyncDispatch( started ) ).andReturn() : started;
	}

	@Test
	void an_uploaded_file_is_stored_with_the_client_path_stripped_and_served_inline_when_safe() throws Exception {
		final long id = upload( "/members", new MockMultipartFile( "photo", "C:\\fakepath\\cat.png", "image/png", PNG ), "ada" );

		assertThat( jdbc.queryForObject( "select filename from attachment_blobs", String.class ) ).isEqualTo( "cat.png" );
		final MvcResult result = download( id );
		assertThat( result.getResponse().getStatus() ).isEqualTo( 200 );
		assertThat( result.getResponse().getContentAsByteArray() ).isEqualTo( PNG );
		assertThat( result.getResponse().getContentType() ).isEqualTo( "image/png" );
		assertThat( result.getResponse().getContentLengthLong() ).isEqualTo( PNG.length );
		assertThat( result.getResponse().getHeader( "Content-Disposition" ) ).startsWith( "inline; filename=\"cat.png\"" );
		assertThat( result.getResponse().getHeader( "X-Content-Type-Options" ) ).isEqualTo( "nosniff" );
		final String sha = jdbc.queryForObject( "select checksum from attachment_blobs", String.class );
		assertThat( result.getResponse().getHeader( "ETag" ) ).isEqualTo( "\"" + sha + "\"" );
	}

	@Test
	void a_form_object_binds_the_file_and_html_is_served_as_a_download() throws Exception {
		final long id = upload( "/members/form", new MockMultipartFile( "photo", "/home/ada/page.html", "text/html",
				"<script>alert(1)</script>".getBytes() ), "ada" );

		final MvcResult result = download( id );
		assertThat( result.getResponse().getHeader( "Content-Disposition" ) ).startsWith( "attachment; filename=\"page.html\"" );
		assertThat( result.getResponse().getContentAsString() ).isEqualTo( "<script>alert(1)</script>" );
	}

	@Test
	void an_empty_file_input_is_no_attachment() throws Exception {
		final long id = upload( "/members", new MockMultipartFile( "photo", "", "application/octet-stream", new byte[0] ), "ada" );

		assertThat( jdbc.queryForObject( "select count(*) from attachment_blobs", Long.class ) ).isZero();
		mvc.perform( get( "/members/" + id + "/photo" ) ).andExpect( status().isNotFound() );
	}

	@Test
	void a_matching_if_none_match_gets_304_and_a_range_gets_206_with_that_range() throws Exception {
		final long id = upload( "/members", new MockMultipartFile( "photo", "data.bin", "application/octet-stream",
				"0123456789".getBytes() ), "ada" );
		final String etag = download( id ).getResponse().getHeader( "ETag" );

		mvc.perform( get( "/members/" + id + "/photo" ).header( "If-None-Match", etag ) )
				.andExpect( status().isNotModified() ).andExpect( header().string( "ETag", etag ) );

		final MvcResult range = download( id, "Range", "bytes=2-5" );
		assertThat( range.getResponse().getStatus() ).isEqualTo( 206 );
		assertThat( range.getResponse().getContentAsString() ).isEqualTo( "2345" );
		assertThat( range.getResponse().getHeader( "Content-Range" ) ).isEqualTo( "bytes 2-5/10" );

		final MvcResult suffix = download( id, "Range", "bytes=-3" );
		assertThat( suffix.getResponse().getContentAsString() ).isEqualTo( "789" );

		mvc.perform( get( "/members/" + id + "/photo" ).header( "Range", "bytes=50-60" ) )
				.andExpect( status().isRequestedRangeNotSatisfiable() ).andExpect( header().string( "Content-Range", "bytes */10" ) );
		// the browser's catch-all type is not kept: the type is detected from the content
		assertThat( download( id ).getResponse().getContentType() ).isEqualTo( "text/plain" );
	}
}
