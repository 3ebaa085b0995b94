package io.github.hibernateattachments.spring.boot;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.spring.boot.app.Member;
import io.github.hibernateattachments.spring.boot.app.MemberRepository;
import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A storage service that signs URLs: attachments are served by a redirect to a short-lived signed URL. */
@SpringBootTest(classes = { TestApplication.class, WebSignedUrlIT.SigningStorageConfiguration.class }, properties = {
		"spring.datasource.url=jdbc:h2:mem:signed;DB_CLOSE_DELAY=-1", "attachments.web.signed-url-ttl=90s" })
@AutoConfigureMockMvc
class WebSignedUrlIT {

	/** In memory, and signs as a cloud storage does: the URL names the key, the lifetime and the disposition. */
	static class SigningStorage extends MemoryStorage {
		@Override
		public Optional<URI> signedUrl(String key, Duration ttl, String contentDisposition) {
			return Optional.of( URI.create( "https://storage.example/" + key + "?expires=" + ttl.toSeconds()
					+ "&disposition=" + contentDisposition.substring( 0, contentDisposition.indexOf( ';' ) ) ) );
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SigningStorageConfiguration {
		@Bean
		SigningStorage cloud() {
			return new SigningStorage();
		}
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	MemberRepository members;

	@Test
	void a_signing_service_redirects_to_a_signed_url_with_the_configured_lifetime() throws Exception {
		final Member member = new Member( "ada" );
		member.photo = Attachment.of( "<svg/>".getBytes(), "logo.svg" );
		final Member saved = members.save( member );

		mvc.perform( get( "/members/" + saved.id + "/photo" ) )
				.andExpect( status().isFound() )
				.andExpect( header().string( "Location", "https://storage.example/" + saved.photo.key() + "?expires=90&disposition=attachment" ) )
				.andExpect( header().string( "Cache-Control", "no-store" ) );
	}
}
