package io.github.hibernateattachments.sample;

import java.util.List;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.spring.boot.web.AttachmentResponses;

import jakarta.persistence.EntityManager;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.HtmlUtils;

/** The list page with its upload form, the photos, and delete. */
@RestController
class PetController {

	private final PetRepository pets;
	private final Attachments attachments;
	private final AttachmentResponses responses;
	private final TransactionTemplate transactions;
	private final EntityManager entityManager;

	PetController(PetRepository pets, Attachments attachments, AttachmentResponses responses, TransactionTemplate transactions,
			EntityManager entityManager) {
		this.pets = pets;
		this.attachments = attachments;
		this.responses = responses;
		this.transactions = transactions;
		this.entityManager = entityManager;
	}

	@GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
	String list(@RequestParam(required = false) String error) {
		// open-in-view is off: the photos' metadata is fetched with the page, in one more statement
		final List<Pet> page = transactions.execute( status -> {
			final List<Pet> found = pets.findAllByOrderByIdDesc();
			attachments.fetchAttachments( entityManager, found );
			return found;
		} );
		final StringBuilder html = new StringBuilder( """
				<!doctype html><html><head><meta charset="utf-8"><title>Pets</title></head><body>
				<h1>Pets</h1>
				<form method="post" action="/pets" enctype="multipart/form-data">
				<input name="name" placeholder="Name" required> <input type="file" name="photo" accept="image/*">
				<button>Add</button></form>
				""" );
		if ( error != null ) {
			html.append( "<p class=\"error\">" ).append( HtmlUtils.htmlEscape( error ) ).append( "</p>\n" );
		}
		html.append( "<ul>\n" );
		for ( Pet pet : page ) {
			html.append( "<li>" );
			if ( pet.photo != null ) {
				html.append( "<img src=\"/pets/" ).append( pet.id ).append( "/photo\" width=\"120\" alt=\"" )
						.append( HtmlUtils.htmlEscape( pet.photo.filename() ) ).append( "\"> " );
			}
			html.append( HtmlUtils.htmlEscape( pet.name ) )
					.append( " <form method=\"post\" action=\"/pets/" ).append( pet.id )
					.append( "/delete\" style=\"display:inline\"><button>Delete</button></form></li>\n" );
		}
		return html.append( "</ul></body></html>\n" ).toString();
	}

	@PostMapping("/pets")
	ResponseEntity<Void> add(@RequestParam String name, @RequestParam(required = false) Attachment photo) {
		try {
			pets.save( new Pet( name, photo ) );
			return redirect( "/" );
		}
		catch (RuntimeException e) {
			// not an image, too large: nothing was kept (Spring wraps the AttachmentException raised at flush)
			final AttachmentException refused = AttachmentException.in( e ).orElseThrow( () -> e );
			return redirect( "/?error=" + java.net.URLEncoder.encode( refused.getMessage(), java.nio.charset.StandardCharsets.UTF_8 ) );
		}
	}

	@GetMapping("/pets/{id}/photo")
	ResponseEntity<StreamingResponseBody> photo(@PathVariable long id, @RequestHeader HttpHeaders headers) {
		return responses.serve( pets.findById( id ).map( pet -> pet.photo ).orElse( null ), headers );
	}

	@PostMapping("/pets/{id}/delete")
	ResponseEntity<Void> delete(@PathVariable long id) {
		pets.deleteById( id ); // the photo's file is deleted once the transaction commits
		return redirect( "/" );
	}

	private static ResponseEntity<Void> redirect(String location) {
		return ResponseEntity.status( 303 ).header( HttpHeaders.LOCATION, location ).build();
	}
}
