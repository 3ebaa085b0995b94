package io.github.hibernateattachments.test.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.github.hibernateattachments.doctor.DoctorReport;
import io.github.hibernateattachments.doctor.Finding;
import io.github.hibernateattachments.doctor.MigrationScript;
import io.github.hibernateattachments.doctor.SchemaDoctor;
import io.github.hibernateattachments.test.Database;
import io.github.hibernateattachments.test.DatabaseTest;
import io.github.hibernateattachments.test.Entities;
import io.github.hibernateattachments.test.Fixture;
import io.github.hibernateattachments.test.OnlyOn;
import io.github.hibernateattachments.test.Setting;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema doctor on {@link ShopModel}: nothing to report on the schema hbm2ddl creates; each kind of problem,
 * planted with SQL, reported exactly (no more, no less); the migration it writes, applied once the orphan rows
 * are gone, leaves nothing to report.
 */
@Entities({ ShopModel.Customer.class, Order.class, OrderLine.class, Product.class, Category.class, Payment.class,
		CardPayment.class, BankTransfer.class, Note.class, CustomerNote.class, AppUser.class, UserConfig.class, ShopModel.AuditEntry.class })
class DoctorIT {

	@DatabaseTest
	void a_clean_hbm2ddl_schema_of_a_realistic_model_has_nothing_to_report(Fixture fixture) {
		final DoctorReport report = SchemaDoctor.of( fixture.emf() ).examine();

		assertThat( report.findings() ).as( report.render() ).isEmpty();
		assertThat( report.isClean() ).isTrue();
		// the model's 17 tables (one of them the attachment list's) and the extension's 3 (blobs, outbox, detached blobs)
		assertThat( report.tables() ).isEqualTo( 20 );
		assertThat( report.missingTables() ).isEmpty();
		assertThat( report.foreignKeys() ).isGreaterThanOrEqualTo( 17 );
		assertThat( report.summary() ).startsWith( "no problem found in 20 tables" );
		SchemaDoctor.assertSound( fixture.emf() );
	}

	@DatabaseTest
	void a_one_to_one_sharing_its_parents_primary_key_is_recognised_as_correct(Fixture fixture) throws SQLException {
		// user_configs.user_id is the primary key and the foreign key to app_users, ON DELETE CASCADE
		try ( Connection connection = fixture.connection() ) {
			final DatabaseMetaData metaData = connection.getMetaData();
			try ( ResultSet keys = metaData.getImportedKeys( connection.getCatalog(), null, stored( metaData, "user_configs" ) );
					ResultSet primaryKey = metaData.getPrimaryKeys( connection.getCatalog(), null, stored( metaData, "user_configs" ) ) ) {
				assertThat( keys.next() ).isTrue();
				assertThat( keys.getString( "FKCOLUMN_NAME" ) ).isEqualToIgnoringCase( "user_id" );
				assertThat( keys.getInt( "DELETE_RULE" ) ).isEqualTo( DatabaseMetaData.importedKeyCascade );
				assertThat( primaryKey.next() ).isTrue();
				assertThat( primaryKey.getString( "COLUMN_NAME" ) ).isEqualToIgnoringCase( "user_id" );
			}
		}
		fixture.execute( "insert into app_users (id, login) values (1, 'ada')" );
		fixture.execute( "insert into user_configs (user_id, theme) values (1, 'dark')" );

		final DoctorReport report = SchemaDoctor.of( fixture.emf() ).examine();

		assertThat( report.findings() ).as( report.render() ).isEmpty();
		// and the database does what the mapping says
		fixture.execute( "delete from app_users where id = 1" );
		assertThat( fixture.count( "user_configs" ) ).isZero();
	}

	@DatabaseTest
	void every_planted_problem_is_reported_exactly(Fixture fixture) throws SQLException {
		final Set<String> expected = plant( fixture );

		final DoctorReport report = SchemaDoctor.of( fixture.emf() ).examine();

		assertThat( found( report ) ).as( report.render() ).containsExactlyInAnyOrderElementsOf( expected );
		final Finding orphans = report.findings().stream()
				.filter( f -> f.kind() == Finding.Kind.ORPHAN_ROWS && f.table().equalsIgnoreCase( "orders" ) ).findFirst().orElseThrow();
		assertThat( orphans.orphanRows() ).isEqualTo( 2 );
		assertThat( orphans.association() ).isEqualTo( "Order.customer" );
		assertThat( fixture.queryLong( orphans.orphanQuery().replaceFirst( "select \\*", "select count(*)" ) ) ).isEqualTo( 2 );
		assertThat( orphans.explanation() ).isEqualTo( "2 rows of " + name( fixture, "orders" ) + " point at no row of "
				+ name( fixture, "customers" ) + ": the key cannot be added while they exist." );
		final Finding missing = report.findings().stream()
				.filter( f -> f.kind() == Finding.Kind.MISSING_FOREIGN_KEY && f.table().equalsIgnoreCase( "customers" ) ).findFirst().orElseThrow();
		assertThat( missing.association() ).as( "the extension's own references are checked too" ).isEqualTo( "Customer.avatar" );
		assertThat( missing.severity() ).isEqualTo( Finding.Severity.ERROR );
		assertThat( report.render() ).contains( "ERROR MISSING_FOREIGN_KEY  " + name( fixture, "orders" ) + "(" + name( fixture, "customer_id" ) + ") -> " );
		assertThatThrownBy( () -> SchemaDoctor.assertSound( fixture.emf() ) ).isInstanceOf( AssertionError.class )
				.hasMessageContaining( "Schema doctor: " ).hasMessageContaining( "MISSING_FOREIGN_KEY" ).hasMessageContaining( "[Order.customer]" );
		final DoctorReport narrowed = SchemaDoctor.of( fixture.emf() ).ignoring( Finding.Kind.MISSING_FOREIGN_KEY, Finding.Kind.ORPHAN_ROWS )
				.countingOrphans( false ).examine();
		assertThat( found( narrowed ) ).as( narrowed.render() ).containsExactlyInAnyOrderElementsOf( expected.stream()
				.filter( f -> !f.startsWith( "MISSING_FOREIGN_KEY" ) && !f.startsWith( "ORPHAN_ROWS" ) ).toList() );
	}

	@DatabaseTest
	void the_migration_applied_after_removing_the_orphans_leaves_nothing_to_report(Fixture fixture) throws Exception {
		plant( fixture );
		final DoctorReport before = SchemaDoctor.of( fixture.emf() ).examine();
		for ( Finding finding : before.findings() ) {
			if ( finding.kind() == Finding.Kind.ORPHAN_ROWS ) {
				fixture.execute( finding.orphanCleanup().replaceAll( ";$", "" ) );
			}
		}
		final Path folder = Files.createTempDirectory( "doctor-migration-" );
		final List<MigrationScript> scripts = before.migration( "20261130120000" );
		assertThat( scripts ).isNotEmpty();
		for ( MigrationScript script : scripts ) {
			script.writeTo( folder );
			apply( fixture, Files.readString( folder.resolve( script.fileName() ) ) );
		}
		if ( fixture.database() == Database.POSTGRESQL ) {
			assertThat( scripts ).extracting( MigrationScript::fileName ).containsExactly(
					"V20261130120000_1__foreign_key_indexes.sql", "V20261130120000_2__foreign_keys.sql",
					"V20261130120000_3__validate_foreign_keys.sql" );
			assertThat( scripts.get( 0 ).sql() ).contains( "create index concurrently if not exists ix_order_lines_product_id on order_lines (product_id);" );
			assertThat( scripts.get( 0 ).transactional() ).isFalse();
			assertThat( folder.resolve( scripts.get( 0 ).fileName() + ".conf" ) ).hasContent( "executeInTransaction=false" );
			assertThat( scripts.get( 1 ).sql() ).contains( "alter table orders add constraint fk_orders_customer_id foreign key"
					+ " (customer_id) references customers (id) on delete restrict not valid;" );
			assertThat( scripts.get( 2 ).sql() ).contains( "alter table orders validate constraint fk_orders_customer_id;" )
					.contains( "-- delete from orders where orders.customer_id is not null and not exists (select 1 from customers p where p.id = orders.customer_id);" );
		}

		final DoctorReport after = SchemaDoctor.of( fixture.emf() ).examine();

		assertThat( after.findings() ).as( after.render() ).isEmpty();
		if ( fixture.database() != Database.MARIADB ) {
			// the key re-created with an explicit ON DELETE kept its ON UPDATE CASCADE
			try ( Connection connection = fixture.connection();
					ResultSet keys = connection.getMetaData().getImportedKeys( connection.getCatalog(), null,
							stored( connection.getMetaData(), "customers" ) ) ) {
				boolean seen = false;
				while ( keys.next() ) {
					if ( keys.getString( "FKCOLUMN_NAME" ).equalsIgnoreCase( "referrer_id" ) ) {
						assertThat( keys.getInt( "UPDATE_RULE" ) ).isEqualTo( DatabaseMetaData.importedKeyCascade );
						assertThat( keys.getInt( "DELETE_RULE" ) ).isEqualTo( DatabaseMetaData.importedKeyRestrict );
						seen = true;
					}
				}
				assertThat( seen ).isTrue();
			}
		}
	}

	@DatabaseTest
	@OnlyOn({ Database.H2, Database.POSTGRESQL }) // MariaDB has databases, not schemas
	@Setting(name = "hibernate.default_schema", value = "shop")
	@Setting(name = "jakarta.persistence.create-database-schemas", value = "true")
	void the_tables_of_hibernates_default_schema_are_examined_there(Fixture fixture) throws SQLException {
		final DoctorReport clean = SchemaDoctor.of( fixture.emf() ).examine();
		assertThat( clean.findings() ).as( clean.render() ).isEmpty();
		assertThat( clean.tables() ).isEqualTo( 20 );
		assertThat( clean.missingTables() ).isEmpty();

		final String schema = fixture.database() == Database.H2 ? "SHOP" : "shop";
		try ( Connection connection = fixture.connection(); Statement statement = connection.createStatement() ) {
			final String table = fixture.database() == Database.H2 ? "ORDERS" : "orders";
			String key = null;
			try ( ResultSet keys = connection.getMetaData().getImportedKeys( connection.getCatalog(), schema, table ) ) {
				while ( keys.next() ) {
					if ( keys.getString( "FKCOLUMN_NAME" ).equalsIgnoreCase( "customer_id" ) ) {
						key = keys.getString( "FK_NAME" );
					}
				}
			}
			statement.execute( "alter table shop.orders drop constraint " + key );
		}

		final DoctorReport report = SchemaDoctor.of( fixture.emf() ).examine();

		assertThat( found( report ) ).containsExactly( "MISSING_FOREIGN_KEY orders(customer_id)" );
		final String sql = report.migration( "1" ).stream().map( MigrationScript::sql ).reduce( "", String::concat );
		assertThat( sql ).contains( "alter table " + schema + "." + name( fixture, "orders" ) + " add constraint fk_orders_customer_id" );
		for ( MigrationScript script : report.migration( "1" ) ) {
			apply( fixture, script.sql() );
		}
		assertThat( SchemaDoctor.of( fixture.emf() ).examine().findings() ).isEmpty();
	}

	@DatabaseTest
	void a_mapped_table_the_database_lacks_is_named_not_skipped_silently(Fixture fixture) throws SQLException {
		fixture.execute( "drop table customer_emails" );

		final DoctorReport report = SchemaDoctor.of( fixture.emf() ).examine();

		assertThat( report.missingTables() ).containsExactly( "customer_emails" );
		assertThat( report.render() ).contains( "Not examined, the database has no table customer_emails" );
	}

	@DatabaseTest
	void the_migration_of_a_clean_schema_is_empty(Fixture fixture) {
		assertThat( SchemaDoctor.of( fixture.emf() ).examine().migration( "1" ) ).isEmpty();
		assertThatThrownBy( () -> SchemaDoctor.of( fixture.emf() ).examine().migration( "V1__x" ) )
				.isInstanceOf( IllegalArgumentException.class ).hasMessageContaining( "not 'V1__x'" );
	}

	/**
	 * Plants one of each problem the database allows.
	 *
	 * @return the findings expected, as {@code KIND table(columns)}
	 */
	static Set<String> plant(Fixture fixture) throws SQLException {
		final Database db = fixture.database();
		final Set<String> expected = new TreeSet<>();
		// a missing key, violated by two rows; the extension's own key to the blob table, missing
		dropForeignKey( fixture, "orders", "customer_id" );
		fixture.execute( "insert into orders (id, customer_id) values (900001, 990001)" );
		fixture.execute( "insert into orders (id, customer_id) values (900002, 990002)" );
		expected.add( "MISSING_FOREIGN_KEY orders(customer_id)" );
		expected.add( "ORPHAN_ROWS orders(customer_id)" );
		dropForeignKey( fixture, "customers", "avatar_blob_id" );
		expected.add( "MISSING_FOREIGN_KEY customers(avatar_blob_id)" );
		// a quoted, mixed-case table: the migration must quote it
		dropForeignKey( fixture, "Audit_Entries", "customer_id" );
		expected.add( "MISSING_FOREIGN_KEY audit_entries(customer_id)" );
		// @OnDelete(CASCADE) in the mapping, RESTRICT in the database
		final String paymentsKey = dropForeignKey( fixture, "payments", "order_id" );
		fixture.execute( "alter table payments add constraint " + paymentsKey + " foreign key (order_id) references orders (id) on delete restrict" );
		expected.add( "ON_DELETE_MISMATCH payments(order_id)" );
		if ( db != Database.MARIADB ) {
			// a key the mapping does not know, with the database's default action (MariaDB cannot tell it from RESTRICT)
			fixture.execute( "alter table customers add column referrer_id bigint" );
			fixture.execute( "alter table customers add constraint fk_referrer foreign key (referrer_id) references customers (id)"
					+ " on update cascade" );
			expected.add( "NO_EXPLICIT_ON_DELETE customers(referrer_id)" );
			// ON DELETE SET NULL on a NOT NULL column (MariaDB refuses to create it)
			fixture.execute( "alter table customers add column favourite_product_id bigint not null" );
			fixture.execute( "alter table customers add constraint fk_favourite foreign key (favourite_product_id) references products (id) on delete set null" );
			expected.add( "SET_NULL_ON_NOT_NULL_COLUMN customers(favourite_product_id)" );
			// a key column whose type differs from the referenced one
			fixture.execute( db == Database.POSTGRESQL ? "alter table notes alter column customer_id type integer"
					: "alter table notes alter column customer_id set data type integer" );
			expected.add( "TYPE_MISMATCH notes(customer_id)" );
		}
		else {
			// MariaDB refuses a key between columns of different types: the type and the key are both missing, and the
			// migration must change the type before it adds the key
			dropForeignKey( fixture, "notes", "customer_id" );
			fixture.execute( "alter table notes modify customer_id int" );
			expected.add( "MISSING_FOREIGN_KEY notes(customer_id)" );
			expected.add( "TYPE_MISMATCH notes(customer_id)" );
		}
		if ( db == Database.POSTGRESQL ) {
			// H2 and MariaDB index every key column themselves: only PostgreSQL leaves one unindexed
			expected.add( "UNINDEXED_FOREIGN_KEY customers(referrer_id)" );
			expected.add( "UNINDEXED_FOREIGN_KEY customers(favourite_product_id)" );
			for ( String index : indexesOn( fixture, "order_lines", "product_id" ) ) {
				fixture.execute( "drop index " + index );
			}
			// a partial index serves only some rows
			fixture.execute( "create index ix_some_lines on order_lines (product_id) where quantity > 1" );
			expected.add( "UNINDEXED_FOREIGN_KEY order_lines(product_id)" );
			// a key added NOT VALID over a row that violates it, never validated
			final String configKey = dropForeignKey( fixture, "user_configs", "user_id" );
			fixture.execute( "insert into user_configs (user_id, theme) values (990003, 'dark')" );
			fixture.execute( "alter table user_configs add constraint " + configKey
					+ " foreign key (user_id) references app_users (id) on delete cascade not valid" );
			expected.add( "NOT_VALIDATED user_configs(user_id)" );
			expected.add( "ORPHAN_ROWS user_configs(user_id)" );
		}
		return expected;
	}

	static Set<String> found(DoctorReport report) {
		final Set<String> found = new TreeSet<>();
		for ( Finding finding : report.findings() ) {
			found.add( finding.kind() + " " + ( finding.table() + "(" + String.join( ", ", finding.columns() ) + ")" ).toLowerCase( Locale.ROOT ) );
		}
		return found;
	}

	/** @return the name of the key dropped */
	static String dropForeignKey(Fixture fixture, String table, String column) throws SQLException {
		try ( Connection connection = fixture.connection() ) {
			final DatabaseMetaData metaData = connection.getMetaData();
			final boolean quoted = !table.equals( table.toLowerCase( Locale.ROOT ) );
			final String sqlName = !quoted ? table : fixture.database() == Database.MARIADB ? "`" + table + "`" : "\"" + table + "\"";
			try ( ResultSet keys = metaData.getImportedKeys( connection.getCatalog(), null, quoted ? table : stored( metaData, table ) ) ) {
				while ( keys.next() ) {
					if ( keys.getString( "FKCOLUMN_NAME" ).equalsIgnoreCase( column ) ) {
						final String name = keys.getString( "FK_NAME" );
						try ( Statement statement = connection.createStatement() ) {
							statement.execute( "alter table " + sqlName + ( fixture.database() == Database.MARIADB
									? " drop foreign key " : " drop constraint " ) + name );
						}
						return name;
					}
				}
			}
		}
		throw new IllegalStateException( "no foreign key on " + table + "." + column );
	}

	static List<String> indexesOn(Fixture fixture, String table, String column) throws SQLException {
		final List<String> names = new ArrayList<>();
		try ( Connection connection = fixture.connection() ) {
			final DatabaseMetaData metaData = connection.getMetaData();
			try ( ResultSet indexes = metaData.getIndexInfo( connection.getCatalog(), null, stored( metaData, table ), false, false ) ) {
				while ( indexes.next() ) {
					if ( column.equalsIgnoreCase( indexes.getString( "COLUMN_NAME" ) ) ) {
						names.add( indexes.getString( "INDEX_NAME" ) );
					}
				}
			}
		}
		return names;
	}

	private static String stored(DatabaseMetaData metaData, String name) throws SQLException {
		return metaData.storesUpperCaseIdentifiers() ? name.toUpperCase( Locale.ROOT ) : name;
	}

	private static String name(Fixture fixture, String name) {
		return fixture.database() == Database.H2 ? name.toUpperCase( Locale.ROOT ) : name;
	}

	/** Runs a migration file statement by statement, with auto-commit (as psql and Flyway's non-transactional mode do). */
	static void apply(Fixture fixture, String script) throws SQLException {
		final StringBuilder statement = new StringBuilder();
		try ( Connection connection = fixture.connection(); Statement jdbc = connection.createStatement() ) {
			connection.setAutoCommit( true );
			for ( String line : script.split( "\n" ) ) {
				if ( line.isBlank() || line.startsWith( "--" ) ) {
					continue;
				}
				statement.append( line ).append( '\n' );
				if ( line.stripTrailing().endsWith( ";" ) ) {
					jdbc.execute( statement.toString().strip().replaceAll( ";$", "" ) );
					statement.setLength( 0 );
				}
			}
		}
	}
}
