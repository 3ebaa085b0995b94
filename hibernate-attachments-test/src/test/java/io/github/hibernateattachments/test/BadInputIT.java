package io.github.hibernateattachments.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.test.invalid.UnannotatedOwner;
import io.github.hibernateattachments.test.invalid.UnorderedListOwner;
import io.github.hibernateattachments.test.invalid.WrongTypeOwner;

import jakarta.persistence.EntityManager;

import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.hibernateattachments.test.AttachmentAssertions.assertAttachmentError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input gets a clear exception naming what was wrong, and nothing half-done is left: no row, no file,
 * no outbox row (I5).
 */
class BadInputIT {

	private static void assertNothingLeft(Fixture fixture) {
		assertThat( fixture.count( "owners" ) ).as( "owner rows" ).isZero();
		assertThat( fixture.count( "attachment_blobs" ) ).as( "blob rows" ).isZero();
		assertThat( fixture.count( "attachment_purges" ) ).as( "outbox rows" ).isZero();
		assertThat( fixture.filesOnDisk() ).as( "files" ).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "../../etc/passwd", "a/b.txt", "..\\..\\boot.ini", "..", ".", "nul\u0000.txt", "new\nline.txt", " " })
	void a_filename_that_looks_like_a_path_or_has_control_characters_is_refused(String filename) {
		assertThatThrownBy( () -> Attachment.of( "x".getBytes(), filename ) )
				.isInstanceOf( AttachmentException.class )
				.hasMessageStartingWith( "Invalid attachment filename" );
	}

	@Test
	void a_filename_longer_than_255_characters_is_refused() {
		assertThatThrownBy( () -> Attachment.of( "x".getBytes(), "a".repeat( 256 ) ) )
				.isInstanceOf( AttachmentException.class )
				.hasMessageContaining( "longer than 255 characters" );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.MAX_SIZE, value = "1024")
	void content_over_the_size_limit_fails_the_flush_and_leaves_nothing(Fixture fixture) {
		assertAttachmentError( () -> fixture.inTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( new byte[1025], "big.bin" );
			em.persist( owner );
		} ) ).hasMessage( "Attachment 'big.bin' for Owner#new.avatar exceeds the maximum size of 1024 bytes"
				+ " (setting 'hibernate.attachments.max_size'); nothing was kept" );

		assertNothingLeft( fixture );
	}

	@DatabaseTest
	@Setting(name = AttachmentsSettings.MAX_SIZE, value = "1024")
	void content_of_exactly_the_size_limit_is_accepted(Fixture fixture) {
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( new byte[1024], "exact.bin" );
			em.persist( owner );
		} );
		assertThat( fixture.queryLong( "select byte_size from attachment_blobs" ) ).isEqualTo( 1024 );
	}

	@DatabaseTest
	void a_checksum_mismatch_fails_the_flush_and_leaves_nothing(Fixture fixture) {
		final String wrong = "0".repeat( 64 );
		assertAttachmentError( () -> fixture.inTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "hello".getBytes(), "hello.txt" ).withExpectedChecksum( wrong );
			em.persist( owner );
		} ) ).hasMessageStartingWith( "Checksum mismatch for attachment 'hello.txt' for Owner#new.avatar: expected SHA-256 "
				+ wrong + " but the content has 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" );

		assertNothingLeft( fixture );
	}

	@DatabaseTest
	void a_matching_checksum_is_accepted_and_recorded(Fixture fixture) {
		final String sha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
		fixture.inTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "hello".getBytes(), "hello.txt" ).withExpectedChecksum( sha256.toUpperCase() );
			em.persist( owner );
		} );
		assertThat( fixture.queryStrings( "select checksum from attachment_blobs" ) ).containsExactly( sha256 );
	}

	@DatabaseTest
	void a_stream_that_fails_while_uploading_leaves_nothing(Fixture fixture) {
		final InputStream broken = new InputStream() {
			private int served;

			@Override
			public int read() throws IOException {
				if ( served++ > 100 ) {
					throw new IOException( "connection reset by peer" );
				}
				return 'x';
			}
		};
		assertAttachmentError( () -> fixture.inTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( broken, "upload.bin" );
			em.persist( owner );
		} ) ).hasMessageContaining( "Unable to store attachment 'upload.bin' for Owner#new.avatar" )
				.hasMessageContaining( "connection reset by peer" );

		assertNothingLeft( fixture );
	}

	@IntegrityNotChecked("a blob row's key is tampered with in the database")
	@DatabaseTest
	void a_tampered_key_in_the_database_never_reaches_outside_the_storage_root(Fixture fixture) throws Exception {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "x".getBytes(), "x.txt" );
			em.persist( owner );
			return owner.id;
		} );
		fixture.execute( "update attachment_blobs set storage_key = '../../../../etc/passwd'" );

		assertAttachmentError( () -> fixture.inTransaction( em -> {
			fixture.attachments().openStream( em.find( Owner.class, id ).avatar );
		} ) ).hasMessageContaining( "refuses key '../../../../etc/passwd'" );
		// the integrity check names both sides: the row's key the storage refuses, the file no row names any more
		final io.github.hibernateattachments.IntegrityReport report = fixture.attachments().checkIntegrity( java.time.Duration.ZERO );
		assertThat( report.counts() ).containsOnlyKeys( io.github.hibernateattachments.IntegrityReport.Kind.STORAGE_ERROR,
				io.github.hibernateattachments.IntegrityReport.Kind.FILE_WITHOUT_ROW );
		assertThat( report.problems( io.github.hibernateattachments.IntegrityReport.Kind.STORAGE_ERROR ).get( 0 ).description() )
				.contains( "'../../../../etc/passwd' in disk: Storage service 'disk' refuses key" );
	}

	@IntegrityNotChecked("a blob row names a storage service that is not configured")
	@DatabaseTest
	void a_blob_of_an_unknown_storage_service_is_reported_by_name(Fixture fixture) throws Exception {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "x".getBytes(), "x.txt" );
			em.persist( owner );
			return owner.id;
		} );
		fixture.execute( "update attachment_blobs set service_name = 'archive'" );

		assertAttachmentError( () -> fixture.inTransaction( em -> {
			fixture.attachments().openStream( em.find( Owner.class, id ).avatar );
		} ) ).hasMessageStartingWith( "Unknown storage service 'archive'" )
				.hasMessageContaining( "(settings 'hibernate.attachments.services.archive.*'); configured: [disk]" );
	}

	@DatabaseTest
	void attaching_outside_a_transaction_is_refused(Fixture fixture) {
		final EntityManager em = fixture.emf().createEntityManager();
		try {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "x".getBytes(), "x.txt" );
			assertAttachmentError( () -> em.persist( owner ) ).hasMessageContaining( "inside a transaction" );
		}
		finally {
			em.close();
		}
		assertNothingLeft( fixture );
	}

	@DatabaseTest
	void an_attachment_read_back_has_its_content_and_metadata(Fixture fixture) {
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( new ByteArrayInputStream( "%PDF-1.4\n".getBytes() ), "report.pdf" );
			em.persist( owner );
			return owner.id;
		} );
		fixture.inTransaction( em -> {
			final Attachment avatar = em.find( Owner.class, id ).avatar;
			assertThat( avatar.filename() ).isEqualTo( "report.pdf" );
			assertThat( avatar.contentType() ).isEqualTo( "application/pdf" );
			assertThat( avatar.byteSize() ).isEqualTo( 9 );
			// SHA-256 of "%PDF-1.4\n", computed while streaming (no expected checksum given)
			assertThat( avatar.checksum() ).isEqualTo( sha256( "%PDF-1.4\n".getBytes() ) );
			assertThat( avatar.key() ).matches( "[a-z2-7]{32}" );
			try ( InputStream in = fixture.attachments().openStream( avatar ) ) {
				assertThat( in.readAllBytes() ).isEqualTo( "%PDF-1.4\n".getBytes() );
			}
			catch (IOException e) {
				throw new AssertionError( e );
			}
		} );
	}

	private static String sha256(byte[] content) {
		try {
			return java.util.HexFormat.of().formatHex( java.security.MessageDigest.getInstance( "SHA-256" ).digest( content ) );
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new AssertionError( e );
		}
	}

	// boot-time configuration errors: independent of the database, checked on H2

	private static void boot(Class<?> entity, Map<String, Object> settings) {
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "bad" )
				.jdbcUrl( "jdbc:h2:mem:bad" + System.nanoTime() )
				.jdbcCredentials( "sa", "" )
				.managedClass( entity );
		settings.forEach( configuration::property );
		configuration.createEntityManagerFactory().close();
	}

	@Test
	void a_missing_disk_root_fails_at_boot_naming_the_setting() {
		assertAttachmentError( () -> boot( Owner.class, Map.of( AttachmentsSettings.STORAGE, "disk" ) ) )
				.hasMessageStartingWith( "Missing setting 'hibernate.attachments.storage.disk.root'" );
	}

	@Test
	void an_unknown_storage_fails_at_boot_naming_it() {
		assertAttachmentError( () -> boot( Owner.class, Map.of( AttachmentsSettings.STORAGE, "s3" ) ) )
				.hasMessageStartingWith( "Unknown storage service 's3' in setting 'hibernate.attachments.storage'" );
	}

	@Test
	void an_invalid_setting_value_fails_at_boot_naming_setting_and_value() {
		assertAttachmentError( () -> boot( Owner.class, Map.of( AttachmentsSettings.STORAGE, "memory",
				AttachmentsSettings.MAX_SIZE, "-5" ) ) )
				.hasMessage( "Invalid value '-5' for setting 'hibernate.attachments.max_size': expected a positive number of bytes,"
						+ " or a size such as '10MB' or '1GB'" );
		assertAttachmentError( () -> boot( Owner.class, Map.of( AttachmentsSettings.STORAGE, "memory",
				AttachmentsSettings.UPLOAD_GRACE_PERIOD, "soon" ) ) )
				.hasMessageContaining( "'hibernate.attachments.upload.grace_period'" );
	}

	@Test
	void attached_on_a_type_that_is_not_an_attachment_fails_at_boot() {
		assertAttachmentError( () -> boot( WrongTypeOwner.class, Map.of( AttachmentsSettings.STORAGE, "memory" ) ) )
				.hasMessageContaining( "Invalid @Attached attribute " + WrongTypeOwner.class.getName() + ".avatar" );
	}

	@Test
	void a_list_of_attachments_without_order_column_fails_at_boot() {
		assertAttachmentError( () -> boot( UnorderedListOwner.class, Map.of( AttachmentsSettings.STORAGE, "memory" ) ) )
				.hasMessageContaining( "add @OrderColumn" );
	}

	@Test
	void an_attachment_attribute_without_attached_fails_at_boot() {
		assertAttachmentError( () -> boot( UnannotatedOwner.class, Map.of( AttachmentsSettings.STORAGE, "memory" ) ) )
				.hasMessageContaining( UnannotatedOwner.class.getName() + ".avatar holds attachments but is not annotated @Attached" );
	}
}
