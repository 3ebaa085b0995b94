package io.github.hibernateattachments.test.doctor;


import io.github.hibernateattachments.doctor.DoctorReport;
import io.github.hibernateattachments.doctor.Finding;
import io.github.hibernateattachments.doctor.SchemaDoctor;
import io.github.hibernateattachments.test.Database;
import io.github.hibernateattachments.test.DatabaseTest;
import io.github.hibernateattachments.test.Entities;
import io.github.hibernateattachments.test.Fixture;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mistakes of the mapping itself ({@link MappingMistakes}), on the schema hbm2ddl creates from it: reported, and
 * a key the mapping turns off on purpose is not.
 */
@Entities({ Customer.class, Order.class, OrderLine.class, Product.class, Category.class, Payment.class, CardPayment.class,
		BankTransfer.class, Note.class, CustomerNote.class, AppUser.class, UserConfig.class, ShopModel.AuditEntry.class, MappingMistakes.Review.class,
		MappingMistakes.Shipment.class, MappingMistakes.Gift.class })
class DoctorMappingIT {

	@DatabaseTest
	void mistakes_of_the_mapping_are_reported_on_the_schema_hbm2ddl_creates(Fixture fixture) {
		final DoctorReport report = SchemaDoctor.of( fixture.emf() ).examine();

		if ( fixture.database() == Database.MARIADB ) {
			// MariaDB refuses to create ON DELETE SET NULL on a NOT NULL column: hbm2ddl's statement failed
			assertThat( DoctorIT.found( report ) ).as( report.render() ).containsExactlyInAnyOrder(
					"CASCADE_REMOVE_TO_SHARED_ROW reviews(product_id)", "MISSING_FOREIGN_KEY shipments(order_id)",
					"SET_NULL_ON_NOT_NULL_COLUMN shipments(order_id)" );
		}
		else {
			assertThat( DoctorIT.found( report ) ).as( report.render() ).containsExactlyInAnyOrder(
					"CASCADE_REMOVE_TO_SHARED_ROW reviews(product_id)", "SET_NULL_ON_NOT_NULL_COLUMN shipments(order_id)" );
		}
		final Finding setNull = finding( report, Finding.Kind.SET_NULL_ON_NOT_NULL_COLUMN );
		assertThat( setNull.association() ).isEqualTo( "Shipment.order" );
		assertThat( setNull.fix() ).startsWith( "The mapping contradicts itself: @OnDelete(SET_NULL) on a column mapped NOT NULL." );
		final Finding cascade = finding( report, Finding.Kind.CASCADE_REMOVE_TO_SHARED_ROW );
		assertThat( cascade.association() ).isEqualTo( "Review.product" );
		assertThat( cascade.severity() ).isEqualTo( Finding.Severity.ERROR );
		assertThat( cascade.fix() ).startsWith( "Remove CascadeType.REMOVE" );
		assertThat( report.findings() ).extracting( Finding::table ).map( String::toLowerCase ).doesNotContain( "gifts" );
	}

	private static Finding finding(DoctorReport report, Finding.Kind kind) {
		return report.findings().stream().filter( f -> f.kind() == kind ).findFirst().orElseThrow();
	}

}
