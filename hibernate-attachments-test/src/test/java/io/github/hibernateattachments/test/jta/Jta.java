package io.github.hibernateattachments.test.jta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Function;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;

/**
 * Narayana's standalone transaction manager, as a Jakarta EE server provides it, and the ways the tests drive
 * it: a container-managed transaction around a unit of work, and another resource that refuses to commit.
 */
final class Jta {

	static final TransactionManager TM;

	static {
		// the transaction log goes to a temporary folder, not into the working directory
		try {
			final String store = Files.createTempDirectory( "narayana-object-store-" ).toString();
			System.setProperty( "ObjectStoreEnvironmentBean.objectStoreDir", store );
			System.setProperty( "com.arjuna.ats.arjuna.objectstore.objectStoreDir", store );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
		TM = com.arjuna.ats.jta.TransactionManager.transactionManager();
	}

	private Jta() {
	}

	/**
	 * Runs {@code work} as a container-managed transaction does: begins a JTA transaction, gives the work an
	 * EntityManager joined to it, commits (Hibernate flushes before completion); rolls back if the work throws.
	 */
	static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) throws Exception {
		TM.begin();
		final EntityManager em = emf.createEntityManager();
		try {
			final T result = work.apply( em );
			TM.commit();
			return result;
		}
		catch (Exception | Error e) {
			if ( TM.getStatus() != Status.STATUS_NO_TRANSACTION ) {
				TM.rollback();
			}
			throw e;
		}
		finally {
			em.close();
		}
	}

	/** Enlists a resource that votes to roll back when asked to prepare, as a failing database or queue does. */
	static void enlistRefusingResource() throws Exception {
		TM.getTransaction().enlistResource( new RefusingResource() );
	}

	private static final class RefusingResource implements XAResource {
		@Override
		public int prepare(Xid xid) throws XAException {
			throw new XAException( XAException.XA_RBROLLBACK );
		}

		@Override
		public void commit(Xid xid, boolean onePhase) throws XAException {
			throw new XAException( XAException.XA_RBROLLBACK );
		}

		@Override
		public void rollback(Xid xid) {
		}

		@Override
		public void start(Xid xid, int flags) {
		}

		@Override
		public void end(Xid xid, int flags) {
		}

		@Override
		public void forget(Xid xid) {
		}

		@Override
		public Xid[] recover(int flag) {
			return new Xid[0];
		}

		@Override
		public boolean isSameRM(XAResource other) {
			return other == this;
		}

		@Override
		public int getTransactionTimeout() {
			return 0;
		}

		@Override
		public boolean setTransactionTimeout(int seconds) {
			return false;
		}
	}
}
