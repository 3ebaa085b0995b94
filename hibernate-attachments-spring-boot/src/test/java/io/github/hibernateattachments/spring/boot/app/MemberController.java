package io.github.hibernateattachments.spring.boot.app;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.spring.boot.web.AttachmentResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Uploads and downloads the way applications write them. */
@RestController
public class MemberController {

	private final MemberRepository members;
	private final AttachmentResponses responses;

	public MemberController(MemberRepository members, AttachmentResponses responses) {
		this.members = members;
		this.responses = responses;
	}

	/** A multipart form with a name and an optional photo, as request parameters. */
	@PostMapping("/members")
	public long create(@RequestParam String name, @RequestParam(required = false) Attachment photo) {
		final Member member = new Member( name );
		member.photo = photo;
		return members.save( member ).id;
	}

	/** The same form, bound to an object. */
	public static class MemberForm {
		public String name;
		public Attachment photo;

		public void setName(String name) {
			this.name = name;
		}

		public void setPhoto(Attachment photo) {
			this.photo = photo;
		}
	}

	@PostMapping("/members/form")
	public long createFromForm(@ModelAttribute MemberForm form) {
		final Member member = new Member( form.name );
		member.photo = form.photo;
		return members.save( member ).id;
	}

	/** A form validated before anything is stored. */
	public static class ValidatedForm {
		public String name;

		@io.github.hibernateattachments.spring.boot.validation.AcceptedContentTypes({ "image/png", "image/jpeg" })
		@io.github.hibernateattachments.spring.boot.validation.MaxFileSize("64B")
		public org.springframework.web.multipart.MultipartFile photo;

		public void setName(String name) {
			this.name = name;
		}

		public void setPhoto(org.springframework.web.multipart.MultipartFile photo) {
			this.photo = photo;
		}
	}

	@PostMapping("/members/validated")
	public ResponseEntity<String> createValidated(@jakarta.validation.Valid @ModelAttribute ValidatedForm form,
			org.springframework.validation.BindingResult errors,
			io.github.hibernateattachments.spring.boot.web.MultipartFileToAttachmentConverter converter) {
		if ( errors.hasErrors() ) {
			return ResponseEntity.badRequest().body( errors.getFieldErrors().stream()
					.map( e -> e.getField() + ": " + e.getDefaultMessage() ).sorted()
					.collect( java.util.stream.Collectors.joining( "\n" ) ) );
		}
		final Member member = new Member( form.name );
		member.photo = converter.convert( form.photo );
		return ResponseEntity.ok( String.valueOf( members.save( member ).id ) );
	}

	@GetMapping("/members/{id}/photo")
	public ResponseEntity<StreamingResponseBody> photo(@PathVariable long id, @RequestHeader HttpHeaders headers) {
		return responses.serve( members.findById( id ).map( m -> m.photo ).orElse( null ), headers );
	}
}
