package io.github.hibernateattachments.test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.github.hibernateattachments.Attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Seed 000: ActiveStorage's purge deleted the blob row before the attachment row, so a foreign key from the
 * attachment to the blob was impossible. Here the foreign key exists and is enforced, and a purge deletes the
 * reference first, the blob row second, and the file only after commit.
 */
class SeedPurgeOrderIT {

	@DatabaseTest
	void the_foreign_key_to_the_blob_is_enforced_by_the_database(Fixture fixture) {
		final long ownerId = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "hello".getBytes(), "hello.txt" );
			em.persist( owner );
			return owner.id;
		} );
		final long blobId = fixture.queryLong( "select avatar_blob_id from owners where id = " + ownerId );

		assertThatThrownBy( () -> fixture.execute( "delete from attachment_blobs where id = " + blobId ) )
				.isInstanceOf( SQLException.class )
				.satisfies( e -> assertThat( ( (SQLException) e ).getSQLState() ).startsWith( "23" ) );
		assertThatThrownBy( () -> fixture.execute( "update owners set avatar_blob_id = -1 where id = " + ownerId ) )
				.isInstanceOf( SQLException.class );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 1 );
	}

	@DatabaseTest
	void purge_deletes_the_reference_then_the_blob_row_then_after_commit_the_file(Fixture fixture) {
		final long ownerId = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "hello".getBytes(), "hello.txt" );
			em.persist( owner );
			return owner.id;
		} );
		final String key = fixture.blobKeys().iterator().next();
		assertThat( fixture.filesOnDisk() ).containsExactly( key );

		final List<String> seenAtDelete = new ArrayList<>();
		fixture.storage().beforeDelete( k -> seenAtDelete.add( k + " rows=" + fixture.queryLong(
				"select count(*) from attachment_blobs where storage_key = '" + k + "'" ) ) );
		fixture.log().clear();

		fixture.inTransaction( em -> {
			em.find( Owner.class, ownerId ).avatar = null;
		} );

		final List<String> events = fixture.log().events();
		final int reference = fixture.log().indexOf( "sql: update owners" );
		final int blobRow = fixture.log().indexOf( "sql: delete from attachment_blobs" );
		final int file = fixture.log().indexOf( "storage: delete " + key );
		assertThat( reference ).as( "events: %s", events ).isNotNegative();
		assertThat( blobRow ).as( "events: %s", events ).isGreaterThan( reference );
		assertThat( file ).as( "events: %s", events ).isGreaterThan( blobRow );
		// when the file was deleted, another connection already saw the blob row gone: it ran after commit
		assertThat( seenAtDelete ).containsExactly( key + " rows=0" );
		assertThat( fixture.count( "attachment_blobs" ) ).isZero();
		assertThat( fixture.count( "attachment_purges" ) ).isZero();
		assertThat( fixture.filesOnDisk() ).isEmpty();
	}

	@DatabaseTest
	void deleting_the_owner_deletes_its_row_before_the_blob_rows_and_files_after_commit(Fixture fixture) {
		final long ownerId = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "a".getBytes(), "a.txt" );
			owner.photos.add( Attachment.of( "b".getBytes(), "b.txt" ) );
			owner.photos.add( Attachment.of( "c".getBytes(), "c.txt" ) );
			em.persist( owner );
			return owner.id;
		} );
		assertThat( fixture.count( "attachment_blobs" ) ).isEqualTo( 3 );
		final List<Long> rowsAtDelete = new ArrayList<>();
		fixture.storage().beforeDelete( k -> rowsAtDelete.add( fixture.count( "owners" ) ) );
		fixture.log().clear();

		fixture.inTransaction( em -> em.remove( em.find( Owner.class, ownerId ) ) );

		// in the user's transaction: three outbox rows, then the rows child-first; after commit: the outbox rows
		// (MariaDB's dialect writes "delete p from attachment_purges p")
		final List<String> mutations = fixture.sql().mutations();
		assertThat( mutations ).as( "SQL" ).hasSizeGreaterThan( 8 );
		assertThat( mutations.subList( 0, 8 ) ).as( "SQL" ).satisfiesExactly(
				s -> assertThat( s ).startsWith( "insert into attachment_purges" ),
				s -> assertThat( s ).startsWith( "insert into attachment_purges" ),
				s -> assertThat( s ).startsWith( "insert into attachment_purges" ),
				s -> assertThat( s ).startsWith( "delete from owner_photos" ),
				s -> assertThat( s ).startsWith( "delete from owners" ),
				s -> assertThat( s ).startsWith( "delete from attachment_blobs" ),
				s -> assertThat( s ).startsWith( "delete from attachment_blobs" ),
				s -> assertThat( s ).startsWith( "delete from attachment_blobs" ) );
		assertThat( mutations.subList( 8, mutations.size() ) ).as( "SQL (one JDBC batch, or a statement per row)" )
				.allSatisfy( s -> assertThat( s ).containsPattern( "^delete (\\w+ )?from attachment_purges\\b" ) );
		final int lastRowDelete = fixture.log().events().lastIndexOf(
				fixture.log().events().stream().filter( e -> e.startsWith( "sql: delete from attachment_blobs" ) ).reduce( ( a, b ) -> b ).orElseThrow() );
		assertThat( fixture.log().indexOf( "storage: delete" ) ).isGreaterThan( lastRowDelete );
		assertThat( rowsAtDelete ).containsExactly( 0L, 0L, 0L );
		assertThat( fixture.filesOnDisk() ).isEmpty();
		assertThat( fixture.count( "attachment_blobs" ) + fixture.count( "attachment_purges" ) ).isZero();
	}
}
