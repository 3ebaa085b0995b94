package io.github.hibernateattachments.internal.outbox;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

import io.github.hibernateattachments.AttachmentException;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatform;
import org.hibernate.resource.transaction.spi.TransactionCoordinatorBuilder;

/**
 * Keeps the extension's own short transactions (upload intents, after-commit deletes, the worker, the sweeper)
 * apart from the application's.
 * <p>
 * With resource-local transactions they already are: each runs on a connection of its own. Under JTA the
 * transaction is bound to the thread, and the application's may still be bound to it, even while its
 * after-completion callbacks run; beginning another there fails, or would join it. So the application's
 * transaction is suspended for the work and resumed after it, as Hibernate's own isolation delegate does, and
 * where the platform gives no TransactionManager to suspend with, the work runs on a thread of its own.
 */
final class OwnTransactions {

	private final JtaPlatform jtaPlatform; // null unless the factory coordinates transactions through JTA

	OwnTransactions(SessionFactoryImplementor sessionFactory) {
		final var registry = sessionFactory.getServiceRegistry();
		this.jtaPlatform = registry.requireService( TransactionCoordinatorBuilder.class ).isJta()
				? registry.requireService( JtaPlatform.class )
				: null;
	}

	<T> T isolated(Supplier<T> work) {
		if ( jtaPlatform == null ) {
			return work.get();
		}
		final TransactionManager transactionManager = jtaPlatform.retrieveTransactionManager();
		if ( transactionManager != null ) {
			return suspending( transactionManager, work );
		}
		final UserTransaction userTransaction = jtaPlatform.retrieveUserTransaction();
		return userTransaction != null && status( userTransaction ) != Status.STATUS_NO_TRANSACTION
				? onOwnThread( work )
				: work.get();
	}

	private static <T> T suspending(TransactionManager transactionManager, Supplier<T> work) {
		final Transaction suspended;
		try {
			suspended = transactionManager.getTransaction() == null ? null : transactionManager.suspend();
		}
		catch (SystemException e) {
			throw new AttachmentException( "Unable to suspend the current JTA transaction for the attachments' own"
					+ " transaction", e );
		}
		RuntimeException failure = null;
		try {
			return work.get();
		}
		catch (RuntimeException e) {
			failure = e;
			throw e;
		}
		finally {
			if ( suspended != null ) {
				try {
					transactionManager.resume( suspended );
				}
				catch (Exception e) {
					final AttachmentException resumeFailure = new AttachmentException( "Unable to resume the JTA"
							+ " transaction suspended for the attachments' own transaction", e );
					if ( failure == null ) {
						throw resumeFailure;
					}
					failure.addSuppressed( resumeFailure );
				}
			}
		}
	}

	private static int status(UserTransaction userTransaction) {
		try {
			return userTransaction.getStatus();
		}
		catch (SystemException e) {
			throw new AttachmentException( "Unable to read the status of the current JTA transaction", e );
		}
	}

	private static <T> T onOwnThread(Supplier<T> work) {
		final FutureTask<T> task = new FutureTask<>( work::get );
		final Thread thread = new Thread( task, "hibernate-attachments-own-transaction" );
		thread.setDaemon( true );
		thread.start();
		try {
			return task.get();
		}
		catch (ExecutionException e) {
			if ( e.getCause() instanceof RuntimeException runtime ) {
				throw runtime;
			}
			if ( e.getCause() instanceof Error error ) {
				throw error;
			}
			throw new AttachmentException( "The attachments' own transaction failed", e.getCause() );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AttachmentException( "Interrupted while waiting for the attachments' own transaction", e );
		}
	}
}
