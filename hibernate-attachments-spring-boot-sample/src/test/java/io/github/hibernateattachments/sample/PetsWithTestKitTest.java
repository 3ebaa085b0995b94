package io.github.hibernateattachments.sample;

import io.github.hibernateattachments.testing.AttachmentsTest;
import io.github.hibernateattachments.testing.TestStorage;

import jakarta.persistence.EntityManagerFactory;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import static io.github.hibernateattachments.testing.AttachmentsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sample tested with the test kit, as a Spring Boot application's tests use it: the photos service becomes a
 * test storage through one property, the kit checks the unit's integrity after each test.
 */
@SpringBootTest(properties = "attachments.services.photos.type=test")
@AutoConfigureMockMvc
@AttachmentsTest(checkIntegrity = true)
class PetsWithTestKitTest {

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
			0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89 };

	@Autowired
	MockMvc mvc;

	@Autowired
	EntityManagerFactory emf;

	@Test
	void a_pet_deleted_through_the_page_takes_its_photo_with_it(TestStorage storage) throws Exception {
		mvc.perform( multipart( "/pets" ).file( new MockMultipartFile( "photo", "rex.png", "image/png", PNG ) ).param( "name", "Rex" ) )
				.andExpect( status().isSeeOther() );
		final String key = storage.keys().iterator().next();
		assertThat( storage.content( key ) ).isEqualTo( PNG );
		assertThat( emf ).isSound().hasBlobs( 1 ).hasFiles( 1 );

		final String page = mvc.perform( get( "/" ) ).andReturn().getResponse().getContentAsString();
		final String id = page.replaceAll( "(?s).*<img src=\"/pets/(\\d+)/photo\".*", "$1" );
		mvc.perform( post( "/pets/" + id + "/delete" ) ).andExpect( status().isSeeOther() );

		assertThat( storage.calls() ).containsExactly( "store " + key, "delete " + key );
		assertThat( emf ).isSoundWithNothingToSweep().hasBlobs( 0 ).hasFiles( 0 ).hasEmptyOutbox();
	}

	@Test
	void a_storage_outage_refuses_the_pet_and_keeps_nothing(TestStorage storage) throws Exception {
		storage.failNextStores( 1 );

		mvc.perform( multipart( "/pets" ).file( new MockMultipartFile( "photo", "rex.png", "image/png", PNG ) ).param( "name", "Rex" ) );

		final String key = storage.keys( "store" ).get( 0 );
		assertThat( storage.calls() ).containsExactly( "store " + key, "delete " + key ); // the failed key, cleaned up
		assertThat( storage.keys() ).isEmpty();
		assertThat( emf ).isSound().hasBlobs( 0 );
	}
}
