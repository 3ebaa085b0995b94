package io.github.hibernateattachments.test.doctor;

import java.util.List;
import java.util.Map;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.test.DatabaseTest;
import io.github.hibernateattachments.test.Entities;
import io.github.hibernateattachments.test.Fixture;
import io.github.hibernateattachments.test.LogCapture;
import io.github.hibernateattachments.test.doctor.ShopModel.AppUser;
import io.github.hibernateattachments.test.doctor.ShopModel.BankTransfer;
import io.github.hibernateattachments.test.doctor.ShopModel.CardPayment;
import io.github.hibernateattachments.test.doctor.ShopModel.Category;
import io.github.hibernateattachments.test.doctor.ShopModel.Customer;
import io.github.hibernateattachments.test.doctor.ShopModel.CustomerNote;
import io.github.hibernateattachments.test.doctor.ShopModel.Note;
import io.github.hibernateattachments.test.doctor.ShopModel.Order;
import io.github.hibernateattachments.test.doctor.ShopModel.OrderLine;
import io.github.hibernateattachments.test.doctor.ShopModel.Payment;
import io.github.hibernateattachments.test.doctor.ShopModel.Product;
import io.github.hibernateattachments.test.doctor.ShopModel.UserConfig;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.jpa.HibernatePersistenceConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The doctor at boot, {@value AttachmentsSettings#DOCTOR}: an application booting on a schema with planted
 * problems (no schema management) logs the report by default, refuses to boot with {@code fail}, and does not look
 * with {@code off}.
 */
@Entities({ Customer.class, Order.class, OrderLine.class, Product.class, Category.class, Payment.class, CardPayment.class,
		BankTransfer.class, Note.class, CustomerNote.class, AppUser.class, UserConfig.class, ShopModel.AuditEntry.class })
class DoctorAtBootIT {

	private static final String LOGGER = "io.github.hibernateattachments.internal.bootstrap.DoctorAtBoot";

	@DatabaseTest
	void by_default_the_boot_logs_the_report_and_goes_on(Fixture fixture) throws Exception {
		DoctorIT.plant( fixture );
		try ( LogCapture log = LogCapture.of( LOGGER ); EntityManagerFactory emf = boot( fixture, Map.of() ) ) {
			assertThat( emf.isOpen() ).isTrue();
			assertThat( log.lines() ).singleElement().asString().startsWith( "WARN Schema doctor: " )
					.contains( "MISSING_FOREIGN_KEY" ).contains( "[Order.customer]" )
					.as( "no orphan count at boot" ).doesNotContain( "ORPHAN_ROWS" )
					.contains( "'hibernate.attachments.doctor=fail' refuses to boot" );
		}
	}

	@DatabaseTest
	void fail_refuses_to_boot_with_the_report(Fixture fixture) throws Exception {
		DoctorIT.plant( fixture );

		assertThatThrownBy( () -> boot( fixture, Map.of( AttachmentsSettings.DOCTOR, "fail" ) ).close() )
				.extracting( e -> AttachmentException.in( e ).orElseThrow() ).asInstanceOf( org.assertj.core.api.InstanceOfAssertFactories.THROWABLE )
				.hasMessageStartingWith( "Schema doctor: " )
				.hasMessageContaining( "ERROR MISSING_FOREIGN_KEY" )
				.hasMessageContaining( "ERROR ON_DELETE_MISMATCH" )
				.hasMessageEndingWith( "'hibernate.attachments.doctor=fail' refuses to boot with these findings; 'warn' logs them instead" );
	}

	@DatabaseTest
	void fail_boots_on_a_sound_schema(Fixture fixture) throws Exception {
		try ( LogCapture log = LogCapture.of( LOGGER );
				EntityManagerFactory emf = boot( fixture, Map.of( AttachmentsSettings.DOCTOR, "fail" ) ) ) {
			assertThat( emf.isOpen() ).isTrue();
			assertThat( log.lines() ).singleElement().asString().startsWith( "INFO Schema doctor: no problem found in 20 tables" );
		}
	}

	@DatabaseTest
	void off_does_not_look(Fixture fixture) throws Exception {
		DoctorIT.plant( fixture );
		try ( LogCapture log = LogCapture.of( LOGGER );
				EntityManagerFactory emf = boot( fixture, Map.of( AttachmentsSettings.DOCTOR, "off" ) ) ) {
			assertThat( emf.isOpen() ).isTrue();
			assertThat( log.lines() ).isEmpty();
		}
	}

	@DatabaseTest
	void a_unit_told_not_to_read_jdbc_metadata_at_boot_is_not_examined(Fixture fixture) throws Exception {
		DoctorIT.plant( fixture );
		try ( LogCapture log = LogCapture.of( LOGGER ); EntityManagerFactory emf = boot( fixture,
				Map.of( AttachmentsSettings.DOCTOR, "fail", "hibernate.boot.allow_jdbc_metadata_access", "false",
						"hibernate.dialect", dialect( fixture ) ) ) ) {
			assertThat( emf.isOpen() ).isTrue();
			assertThat( log.lines() ).isEmpty();
		}
	}

	@DatabaseTest
	void a_bad_value_fails_the_boot_naming_the_setting(Fixture fixture) {
		assertThatThrownBy( () -> boot( fixture, Map.of( AttachmentsSettings.DOCTOR, "loud" ) ).close() )
				.extracting( e -> AttachmentException.in( e ).orElseThrow() ).asInstanceOf( org.assertj.core.api.InstanceOfAssertFactories.THROWABLE )
				.hasMessageContaining( "hibernate.attachments.doctor" ).hasMessageContaining( "'off', 'warn' or 'fail'" );
	}

	private static String dialect(Fixture fixture) {
		return switch ( fixture.database() ) {
			case H2 -> "org.hibernate.dialect.H2Dialect";
			case POSTGRESQL -> "org.hibernate.dialect.PostgreSQLDialect";
			case MARIADB -> "org.hibernate.dialect.MariaDBDialect";
		};
	}

	/** Another application on the fixture's database, without schema management. */
	static EntityManagerFactory boot(Fixture fixture, Map<String, String> settings) {
		final List<String> jdbc = fixture.jdbc();
		final HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "doctor" )
				.jdbcUrl( jdbc.get( 0 ) )
				.jdbcCredentials( jdbc.get( 1 ), jdbc.get( 2 ) )
				.property( AttachmentsSettings.STORAGE, "memory" )
				.property( "hibernate.connection.pool_size", 2 );
		for ( Class<?> entity : DoctorAtBootIT.class.getAnnotation( Entities.class ).value() ) {
			configuration.managedClass( entity );
		}
		settings.forEach( configuration::property );
		return configuration.createEntityManagerFactory();
	}
}
