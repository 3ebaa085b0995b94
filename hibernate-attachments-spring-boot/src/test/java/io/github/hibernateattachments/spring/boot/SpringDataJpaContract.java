package io.github.hibernateattachments.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.spring.boot.app.Member;
import io.github.hibernateattachments.spring.boot.app.MemberRepository;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application with Spring Data JPA, as users write them: repositories, {@code save()} of new and
 * of detached entities (a merge), {@code @Transactional} rollbacks, open-in-view off. Run on H2 and PostgreSQL
 * by the subclasses, which give the data source and a fresh storage folder.
 */
abstract class SpringDataJpaContract {

	@Autowired
	MemberRepository members;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Attachments attachments;

	abstract Path storageRoot();

	@BeforeEach
	void empty() {
		members.deleteAll();
		attachments.processOutbox();
	}

	private Set<String> files() {
		try ( var walk = Files.walk( storageRoot() ) ) {
			return walk.filter( Files::isRegularFile ).map( p -> p.getFileName().toString() ).collect( Collectors.toSet() );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
	}

	private Set<String> blobKeys() {
		return Set.copyOf( jdbc.queryForList( "select storage_key from attachment_blobs", String.class ) );
	}

	private static Attachment text(String content, String filename) {
		return Attachment.of( content.getBytes(), filename );
	}

	@Test
	void save_of_a_new_entity_stores_its_files() {
		final Member member = new Member( "ada" );
		member.photo = text( "photo", "photo.jpg" );
		member.documents.add( text( "cv", "cv.pdf" ) );

		final Member saved = members.save( member );

		assertThat( saved.photo.isStored() ).isTrue();
		assertThat( blobKeys() ).hasSize( 2 );
		assertThat( files() ).isEqualTo( blobKeys() );
		assertThat( jdbc.queryForObject( "select count(*) from attachment_purges", Long.class ) ).isZero();
	}

	@Test
	void save_of_a_detached_entity_with_a_new_photo_merges_and_purges_the_old_file_after_commit() {
		final Member member = new Member( "ada" );
		member.photo = text( "old", "old.jpg" );
		final Member detached = members.save( member ); // the transaction is over: detached
		final String oldKey = detached.photo.key();

		detached.photo = text( "new", "new.jpg" );
		detached.name = "ada lovelace";
		final Member merged = members.save( detached );

		assertThat( merged.photo.filename() ).isEqualTo( "new.jpg" );
		assertThat( blobKeys() ).hasSize( 1 ).doesNotContain( oldKey );
		assertThat( files() ).isEqualTo( blobKeys() );
		assertThat( jdbc.queryForObject( "select name from members", String.class ) ).isEqualTo( "ada lovelace" );
	}

	@Test
	void replace_in_a_transaction_deletes_the_old_file_after_commit() {
		final long id = members.save( withPhoto( "ada", "old" ) ).id;
		final String oldKey = blobKeys().iterator().next();

		transactions.executeWithoutResult( status -> members.findById( id ).orElseThrow().photo = text( "new", "new.jpg" ) );

		assertThat( blobKeys() ).hasSize( 1 ).doesNotContain( oldKey );
		assertThat( files() ).isEqualTo( blobKeys() );
	}

	@Test
	void delete_by_the_repository_deletes_rows_and_files() {
		final Member member = withPhoto( "ada", "photo" );
		member.documents.add( text( "cv", "cv.pdf" ) );
		final long id = members.save( member ).id;
		members.save( withPhoto( "bob", "other" ) );

		members.deleteById( id );

		assertThat( blobKeys() ).hasSize( 1 );
		assertThat( files() ).isEqualTo( blobKeys() );
		assertThat( jdbc.queryForObject( "select count(*) from attachment_purges", Long.class ) ).isZero();
	}

	@Test
	void a_rolled_back_transaction_leaves_no_row_and_no_file() {
		final long id = members.save( withPhoto( "ada", "kept" ) ).id;
		final Set<String> before = blobKeys();

		transactions.executeWithoutResult( status -> {
			members.findById( id ).orElseThrow().photo = text( "new", "new.jpg" );
			members.save( withPhoto( "bob", "bob" ) );
			members.flush();
			assertThat( files() ).hasSize( 3 );
			status.setRollbackOnly();
		} );

		assertThat( blobKeys() ).isEqualTo( before );
		assertThat( files() ).isEqualTo( before );
		assertThat( jdbc.queryForObject( "select count(*) from members", Long.class ) ).isEqualTo( 1 );
		assertThat( jdbc.queryForObject( "select count(*) from attachment_purges", Long.class ) ).isZero();
	}

	@jakarta.persistence.PersistenceContext
	jakarta.persistence.EntityManager entityManager;

	@Test
	void with_open_in_view_off_fetched_attachment_metadata_is_readable_after_the_transaction() {
		final Member member = withPhoto( "ada", "photo" );
		member.documents.add( text( "cv", "cv.pdf" ) );
		members.save( member );

		final List<Member> page = transactions.execute( status -> {
			final List<Member> found = members.findAll();
			attachments.fetchAttachments( entityManager, found ); // one statement for the page's attachments
			return found;
		} );

		assertThat( page ).singleElement().satisfies( m -> {
			assertThat( m.photo.filename() ).isEqualTo( "photo.jpg" );
			assertThat( m.photo.byteSize() ).isEqualTo( 5 );
			assertThat( m.documents ).extracting( Attachment::filename ).containsExactly( "cv.pdf" );
		} );
	}

	private static Member withPhoto(String name, String content) {
		final Member member = new Member( name );
		member.photo = text( content, content + ".jpg" );
		return member;
	}
}
