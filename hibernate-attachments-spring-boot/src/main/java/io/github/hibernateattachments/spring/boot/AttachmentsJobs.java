package io.github.hibernateattachments.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.OutboxReport;
import io.github.hibernateattachments.SweepReport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the outbox worker and the sweeper on Spring's {@link TaskScheduler}: the application's own when it has
 * exactly one, otherwise a single daemon thread of its own. Every instance of the application runs them: the
 * outbox claims rows with {@code FOR UPDATE SKIP LOCKED} and the sweeper re-checks references under lock, so
 * instances never do the same work twice. A failed run is logged and the next one runs as scheduled.
 */
public class AttachmentsJobs implements SmartLifecycle {

	private static final Log LOG = LogFactory.getLog( AttachmentsJobs.class );

	private final Supplier<Attachments> attachments;
	private final AttachmentsProperties properties;
	private final Supplier<TaskScheduler> applicationScheduler;
	private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
	private ThreadPoolTaskScheduler ownScheduler;
	private volatile boolean running;

	AttachmentsJobs(Supplier<Attachments> attachments, AttachmentsProperties properties, Supplier<TaskScheduler> applicationScheduler) {
		this.attachments = attachments;
		this.properties = properties;
		this.applicationScheduler = applicationScheduler;
	}

	@Override
	public synchronized void start() {
		final AttachmentsProperties.Job worker = properties.getWorker();
		final AttachmentsProperties.Job sweeper = properties.getSweeper();
		if ( worker.isEnabled() || sweeper.isEnabled() ) {
			final TaskScheduler scheduler = scheduler();
			if ( worker.isEnabled() ) {
				scheduled.add( schedule( scheduler, worker, "attachments.worker", this::runWorker ) );
			}
			if ( sweeper.isEnabled() ) {
				scheduled.add( schedule( scheduler, sweeper, "attachments.sweeper", this::runSweeper ) );
			}
		}
		running = true;
	}

	private TaskScheduler scheduler() {
		final TaskScheduler shared = applicationScheduler.get();
		if ( shared != null ) {
			return shared;
		}
		ownScheduler = new ThreadPoolTaskScheduler();
		ownScheduler.setPoolSize( 1 );
		ownScheduler.setThreadNamePrefix( "attachments-" );
		ownScheduler.setDaemon( true );
		ownScheduler.initialize();
		return ownScheduler;
	}

	private static ScheduledFuture<?> schedule(TaskScheduler scheduler, AttachmentsProperties.Job job, String property, Runnable task) {
		if ( job.getCron() != null && !job.getCron().isBlank() ) {
			final CronTrigger trigger;
			try {
				trigger = new CronTrigger( job.getCron() );
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException( "Invalid property '" + property + ".cron' (" + job.getCron() + "): "
						+ e.getMessage(), e );
			}
			return scheduler.schedule( task, trigger );
		}
		final Duration interval = job.getInterval();
		if ( interval == null || interval.isNegative() || interval.isZero() ) {
			throw new IllegalArgumentException( "Invalid property '" + property + ".interval' (" + interval
					+ "): a positive duration is needed, such as 30s, or set '" + property + ".cron'" );
		}
		return scheduler.scheduleWithFixedDelay( task, interval );
	}

	void runWorker() {
		try {
			final OutboxReport report = attachments.get().processOutbox();
			if ( report.failed() > 0 ) {
				LOG.warn( "Outbox worker: " + report );
			}
			else if ( LOG.isDebugEnabled() ) {
				LOG.debug( "Outbox worker: " + report );
			}
		}
		catch (RuntimeException e) {
			LOG.warn( "The outbox worker failed; it runs again as scheduled", e );
		}
	}

	void runSweeper() {
		try {
			final SweepReport report = attachments.get().sweep();
			if ( report.found() > 0 ) {
				LOG.info( "Sweeper: " + report );
			}
		}
		catch (RuntimeException e) {
			LOG.warn( "The sweeper failed; it runs again as scheduled", e );
		}
	}

	@Override
	public synchronized void stop() {
		scheduled.forEach( future -> future.cancel( false ) );
		scheduled.clear();
		if ( ownScheduler != null ) {
			ownScheduler.shutdown();
			ownScheduler = null;
		}
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops early, before the EntityManagerFactory and the data source close. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}
}
