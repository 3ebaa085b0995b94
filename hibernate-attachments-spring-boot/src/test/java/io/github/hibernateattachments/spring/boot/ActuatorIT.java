package io.github.hibernateattachments.spring.boot;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.spring.boot.app.Member;
import io.github.hibernateattachments.spring.boot.app.MemberRepository;
import io.github.hibernateattachments.spring.boot.app.TestApplication;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Spring Boot Actuator: the outbox's health, and metrics of what the extension stored and deleted. */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.datasource.url=jdbc:h2:mem:actuator;DB_CLOSE_DELAY=-1",
		"attachments.services.files.type=memory", "attachments.worker.enabled=false",
		"management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always" })
@AutoConfigureMockMvc
class ActuatorIT {

	@Autowired
	MockMvc mvc;

	@Autowired
	MemberRepository members;

	@Autowired
	MeterRegistry meters;

	@Test
	void the_health_shows_the_outbox_and_the_metrics_count_stores_and_deletes() throws Exception {
		final Member member = new Member( "ada" );
		member.photo = Attachment.of( "12345".getBytes(), "a.txt" );
		member.documents.add( Attachment.of( "123".getBytes(), "b.txt" ) );
		final long id = members.save( member ).id;
		members.deleteById( id );

		mvc.perform( get( "/actuator/health/attachments" ) ).andExpect( status().isOk() )
				.andExpect( jsonPath( "$.status" ).value( "UP" ) )
				.andExpect( jsonPath( "$.details.outboxRows" ).value( 0 ) )
				.andExpect( jsonPath( "$.details.due" ).value( 0 ) )
				.andExpect( jsonPath( "$.details.failing" ).value( 0 ) );

		assertThat( meters.get( "attachments.stored" ).tag( "service", "files" ).counter().count() ).isEqualTo( 2 );
		assertThat( meters.get( "attachments.stored.bytes" ).tag( "service", "files" ).counter().count() ).isEqualTo( 8 );
		assertThat( meters.get( "attachments.deleted" ).tag( "service", "files" ).counter().count() ).isEqualTo( 2 );
	}
}
