package io.github.hibernateattachments.test;

import io.github.hibernateattachments.Attached;
import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.PurgeAction;
import io.github.hibernateattachments.PurgePolicy;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.RollbackException;
import jakarta.persistence.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Errors surface where the README says, and name entities by their JPA name (not a nested class's binary name).
 */
@Entities({ ErrorReportingIT.LegalDocument.class })
class ErrorReportingIT {

	@Entity(name = "Deed")
	@Table(name = "deeds")
	public static class LegalDocument {
		@Id
		@GeneratedValue
		public Long id;

		@Attached
		@PurgePolicy(PurgeAction.RESTRICT)
		public Attachment original;
	}

	private static long deed(Fixture fixture) {
		return fixture.fromTransaction( em -> {
			final LegalDocument deed = new LegalDocument();
			deed.original = Attachment.of( "signed".getBytes(), "deed.pdf" );
			em.persist( deed );
			return deed.id;
		} );
	}

	@DatabaseTest
	void removing_a_restrict_owner_fails_in_remove_itself_naming_the_jpa_entity(Fixture fixture) {
		final long id = deed( fixture );
		final EntityManager em = fixture.emf().createEntityManager();
		try {
			em.getTransaction().begin();
			final LegalDocument deed = em.find( LegalDocument.class, id );
			assertThatThrownBy( () -> em.remove( deed ) )
					.isInstanceOf( AttachmentException.class )
					.hasMessageStartingWith( "Unable to delete Deed#" + id + ": attribute 'original' has @PurgePolicy(RESTRICT)" );
		}
		finally {
			em.getTransaction().rollback();
			em.close();
		}
		assertThat( fixture.count( "deeds" ) ).isEqualTo( 1 );
	}

	@DatabaseTest
	void replacing_a_restrict_attachment_fails_at_commit_inside_a_rollback_exception(Fixture fixture) {
		final long id = deed( fixture );
		final var keys = fixture.blobKeys();
		final EntityManager em = fixture.emf().createEntityManager();
		try {
			em.getTransaction().begin();
			em.find( LegalDocument.class, id ).original = Attachment.of( "forged".getBytes(), "deed.pdf" );
			assertThatThrownBy( () -> em.getTransaction().commit() )
					.isInstanceOf( RollbackException.class )
					.cause().isInstanceOf( AttachmentException.class )
					.hasMessageStartingWith( "Unable to replace or remove the attachment of Deed#" + id + ".original" );
		}
		finally {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
			em.close();
		}
		assertThat( fixture.blobKeys() ).isEqualTo( keys );
		assertThat( fixture.filesOnDisk() ).isEqualTo( keys );
	}
}
