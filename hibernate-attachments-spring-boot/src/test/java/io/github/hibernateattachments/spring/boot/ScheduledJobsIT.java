package io.github.hibernateattachments.spring.boot;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.spi.StorageException;
import io.github.hibernateattachments.spring.boot.app.Member;
import io.github.hibernateattachments.spring.boot.app.MemberRepository;
import io.github.hibernateattachments.spring.boot.app.TestApplication;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox worker and the sweeper, scheduled by the auto-configuration, doing their work in a running
 * application: a delete that failed after commit is retried, a bulk delete's blobs are swept.
 */
@SpringBootTest(classes = { TestApplication.class, ScheduledJobsIT.FlakyStorageConfiguration.class }, properties = {
		"spring.datasource.url=jdbc:h2:mem:scheduled;DB_CLOSE_DELAY=-1",
		"attachments.worker.interval=200ms", "attachments.purge.retry-delay=0s",
		"attachments.sweeper.enabled=true", "attachments.sweeper.interval=200ms", "attachments.sweep.grace-period=0s" })
class ScheduledJobsIT {

	/** A storage in memory whose deletes fail while {@link #failDeletes} is positive. */
	static class FlakyStorage extends MemoryStorage {
		final AtomicInteger failDeletes = new AtomicInteger();

		@Override
		public void delete(String key) {
			if ( failDeletes.getAndDecrement() > 0 ) {
				throw new StorageException( "simulated outage" );
			}
			super.delete( key );
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FlakyStorageConfiguration {
		@Bean
		FlakyStorage files() {
			return new FlakyStorage();
		}
	}

	@Autowired
	MemberRepository members;

	@Autowired
	FlakyStorage storage;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	private static void await(String what, BooleanSupplier condition) throws InterruptedException {
		final long deadline = System.nanoTime() + Duration.ofSeconds( 20 ).toNanos();
		while ( !condition.getAsBoolean() ) {
			if ( System.nanoTime() > deadline ) {
				throw new AssertionError( "Not done within 20 s: " + what );
			}
			Thread.sleep( 50 );
		}
	}

	@Test
	void the_worker_retries_a_delete_that_failed_after_commit() throws Exception {
		final Member member = new Member( "ada" );
		member.photo = Attachment.of( "photo".getBytes(), "photo.jpg" );
		final long id = members.save( member ).id;
		storage.failDeletes.set( 1 );

		members.deleteById( id );

		await( "the worker deletes the file", () -> storage.count() == 0
				&& jdbc.queryForObject( "select count(*) from attachment_purges", Long.class ) == 0 );
		assertThat( jdbc.queryForObject( "select count(*) from attachment_blobs", Long.class ) ).isZero();
	}

	@Test
	void the_sweeper_collects_the_blobs_of_a_bulk_delete() throws Exception {
		for ( String name : new String[] { "ada", "bob", "cy" } ) {
			final Member member = new Member( name );
			member.photo = Attachment.of( name.getBytes(), name + ".jpg" );
			members.save( member );
		}
		assertThat( storage.count() ).isEqualTo( 3 );

		// a bulk delete: no entity, no listener, no purge; the blobs lose their last reference
		transactions.executeWithoutResult( status -> jdbc.update( "delete from members" ) );

		await( "the sweeper purges the blobs and the worker or the sweep deletes the files",
				() -> jdbc.queryForObject( "select count(*) from attachment_blobs", Long.class ) == 0 && storage.count() == 0 );
	}
}
