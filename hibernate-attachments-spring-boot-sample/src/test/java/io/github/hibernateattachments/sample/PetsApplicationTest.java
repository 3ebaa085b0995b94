package io.github.hibernateattachments.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The sample as a user clicks through it: add a pet with a photo, see it listed, get the photo, delete. */
@SpringBootTest
@AutoConfigureMockMvc
class PetsApplicationTest {

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
			0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89 };

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add( "attachments.services.photos.root", root::toString );
	}

	@Autowired
	MockMvc mvc;

	private long files() throws Exception {
		try ( var walk = Files.walk( root ) ) {
			return walk.filter( Files::isRegularFile ).count();
		}
	}

	@Test
	void add_list_view_and_delete_a_pet_with_its_photo() throws Exception {
		mvc.perform( multipart( "/pets" ).file( new MockMultipartFile( "photo", "rex.png", "image/png", PNG ) ).param( "name", "Rex" ) )
				.andExpect( status().isSeeOther() );
		assertThat( files() ).isEqualTo( 1 );

		final String page = mvc.perform( get( "/" ) ).andExpect( status().isOk() ).andReturn().getResponse().getContentAsString();
		assertThat( page ).contains( "Rex" ).containsPattern( "<img src=\"/pets/\\d+/photo\" width=\"120\" alt=\"rex.png\">" );
		final String id = page.replaceAll( "(?s).*<img src=\"/pets/(\\d+)/photo\".*", "$1" );

		final MvcResult started = mvc.perform( get( "/pets/" + id + "/photo" ) ).andReturn();
		final MvcResult photo = mvc.perform( asyncDispatch( started ) ).andReturn();
		assertThat( photo.getResponse().getContentAsByteArray() ).isEqualTo( PNG );
		assertThat( photo.getResponse().getHeader( "Content-Disposition" ) ).startsWith( "inline" );

		mvc.perform( post( "/pets/" + id + "/delete" ) ).andExpect( status().isSeeOther() );
		assertThat( files() ).isZero();
		assertThat( mvc.perform( get( "/" ) ).andReturn().getResponse().getContentAsString() ).doesNotContain( "Rex" );
	}

	@Test
	void a_file_that_is_not_an_image_is_refused_and_nothing_is_kept() throws Exception {
		mvc.perform( multipart( "/pets" ).file( new MockMultipartFile( "photo", "evil.png", "image/png", "<html><script>".getBytes() ) )
				.param( "name", "Evil" ) ).andExpect( status().isSeeOther() );

		assertThat( files() ).isZero();
		assertThat( mvc.perform( get( "/" ) ).andReturn().getResponse().getContentAsString() ).doesNotContain( "<li>" );
	}
}
