package io.github.hibernateattachments.internal.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.hibernateattachments.internal.SessionJdbc;
import io.github.hibernateattachments.internal.model.PurgeRecord;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.descriptor.ValueBinder;

/**
 * Set-based statements on the {@code attachment_purges} outbox for the paths that handle thousands of rows
 * at a time (a sweep, the files of a large purge): one {@code INSERT ... SELECT} per run of ids, and one
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} and one {@code DELETE} per chunk of up to {@value #CHUNK} rows
 * (each a statement per row on InnoDB, see {@link SessionJdbc#oneRowAtATime}).
 * <p>
 * Hand-written (see {@link SessionJdbc} for why), with nothing given up for it: the outbox table's name and
 * columns come from the mapping, values are bound by the attributes' own JDBC mappings (so
 * {@code hibernate.jdbc.time_zone} and the enum's column type apply as everywhere else), and ids come from
 * the entity's own generator, block by block, as Hibernate would assign them. The blob table's columns
 * ({@code id}, {@code storage_key}, {@code service_name}) are fixed names, as in {@link io.github.hibernateattachments.internal.sweep.BlobReferences}.
 */
public final class OutboxTable {

	/**
	 * Rows per statement: far below every database's limit on bind parameters, and below MariaDB's
	 * {@code in_predicate_conversion_threshold} (1,000), which turns a longer {@code IN} list into a subquery.
	 */
	public static final int CHUNK = 500;

	private final EntityPersister persister;
	private final String table;
	private final String id;
	private final String key;
	private final String serviceName;
	private final String reason;
	private final String dueAt;
	private final String attempts;
	private final String lastError;
	private final JdbcMapping reasonMapping;
	private final JdbcMapping dueAtMapping;
	private final String forUpdateSkipLocked;
	private final String forUpdate;
	/** See {@link SessionJdbc#oneRowAtATime}: the outbox table is small by design, the very case. */
	private final boolean oneRowAtATime;

	public OutboxTable(SessionFactoryImplementor sessionFactory) {
		this.persister = sessionFactory.getMappingMetamodel().getEntityDescriptor( PurgeRecord.class );
		this.table = persister.getMappedTableDetails().getTableName();
		this.id = persister.getIdentifierMapping().getSelectable( 0 ).getSelectionExpression();
		this.key = column( "key" );
		this.serviceName = column( "serviceName" );
		this.reason = column( "reason" );
		this.dueAt = column( "dueAt" );
		this.attempts = column( "attempts" );
		this.lastError = column( "lastError" );
		this.reasonMapping = attribute( "reason" ).getSingleJdbcMapping();
		this.dueAtMapping = attribute( "dueAt" ).getSingleJdbcMapping();
		final Dialect dialect = sessionFactory.getJdbcServices().getDialect();
		this.forUpdateSkipLocked = dialect.getForUpdateSkipLockedString();
		this.forUpdate = dialect.getForUpdateString();
		this.oneRowAtATime = SessionJdbc.oneRowAtATime( dialect );
	}

	private AttributeMapping attribute(String name) {
		return persister.findAttributeMapping( name );
	}

	private String column(String attribute) {
		return attribute( attribute ).getSelectable( 0 ).getSelectionExpression();
	}

	/**
	 * Inserts the purges of these blob rows in the session's transaction, copying key and storage service
	 * from the blob rows with {@code INSERT ... SELECT}: one statement per run of consecutive ids (usually one
	 * per chunk), the ids assigned from the entity's own generator as Hibernate would assign them.
	 *
	 * @param blobTable the blob table, rendered for the dialect
	 * @param blobIds the blob rows, in ascending order, locked by the session's transaction
	 * @param records the new purges, one per blob row in the same order, holding the same keys; all due at the
	 * time of the first
	 */
	public void insertPurgesOf(SharedSessionContractImplementor session, String blobTable, List<Long> blobIds,
			List<PurgeRecord> records) {
		if ( blobIds.size() != records.size() ) {
			throw new IllegalArgumentException( blobIds.size() + " blob rows for " + records.size() + " purges" );
		}
		for ( int i = 1; i < blobIds.size(); i++ ) {
			if ( blobIds.get( i ) <= blobIds.get( i - 1 ) ) {
				// row_number() over (order by b.id) numbers the rows in ascending id order
				throw new IllegalArgumentException( "Blob ids must be strictly ascending: " + blobIds );
			}
		}
		final BeforeExecutionGenerator generator = (BeforeExecutionGenerator) persister.getGenerator();
		for ( PurgeRecord record : records ) {
			record.assignId( (Long) generator.generate( session, record, null, EventType.INSERT ) );
		}
		final String insert = "insert into " + table + " (" + id + "," + key + "," + serviceName + "," + reason + ","
				+ dueAt + "," + attempts + ") select ";
		if ( oneRowAtATime ) {
			for ( int i = 0; i < records.size(); i++ ) {
				final PurgeRecord record = records.get( i );
				final long blobId = blobIds.get( i );
				SessionJdbc.executeUpdate( session, insert + record.getId()
						+ ", b.storage_key, b.service_name, ?, ?, 0 from " + blobTable + " b where b.id = ?", statement -> {
							bind( statement, 1, reasonMapping, PurgeRecord.Reason.PURGE, session );
							bind( statement, 2, dueAtMapping, record.getDueAt(), session );
							statement.setLong( 3, blobId );
						} );
			}
			return;
		}
		int from = 0;
		while ( from < records.size() ) {
			// the longest run of consecutive ids from here, up to a chunk: row_number() numbers its blob rows
			int to = from + 1;
			while ( to < records.size() && to - from < CHUNK
					&& records.get( to ).getId() == records.get( to - 1 ).getId() + 1 ) {
				to++;
			}
			final List<Long> run = blobIds.subList( from, to );
			final PurgeRecord first = records.get( from );
			final int inserted = SessionJdbc.executeUpdate( session, insert + ( first.getId() - 1 ) + " + row_number() over (order by b.id), b.storage_key, b.service_name, ?, ?, 0"
					+ " from " + blobTable + " b where b.id in (" + SessionJdbc.placeholders( run.size() ) + ")",
					statement -> {
						bind( statement, 1, reasonMapping, PurgeRecord.Reason.PURGE, session );
						bind( statement, 2, dueAtMapping, first.getDueAt(), session );
						SessionJdbc.bindIds( statement, 3, run );
					} );
			if ( inserted != run.size() ) {
				// the caller holds their locks: cannot happen unless it did not
				throw new IllegalStateException( "Expected " + run.size() + " blob rows, found " + inserted );
			}
			from = to;
		}
	}

	/**
	 * Locks those of these rows that still exist and, with {@code skipLocked}, that no other transaction holds
	 * (skipping the others); without it, waits for them, at most {@value #LOCK_WAIT_SECONDS} seconds.
	 *
	 * @return the attempts recorded so far on each row now locked by the session's transaction, by id
	 */
	public Map<Long, Integer> claim(SharedSessionContractImplementor session, List<Long> ids, boolean skipLocked) {
		final String lock = skipLocked ? forUpdateSkipLocked : forUpdate;
		final Map<Long, Integer> claimed = new HashMap<>();
		if ( oneRowAtATime ) {
			for ( Long rowId : ids ) {
				SessionJdbc.query( session, "select " + id + "," + attempts + " from " + table + " where " + id + "=?"
								+ lock, statement -> {
							statement.setLong( 1, rowId );
							boundWait( statement, skipLocked );
						},
						row -> claimed.put( row.getLong( 1 ), row.getInt( 2 ) ) );
			}
			return claimed;
		}
		for ( List<Long> chunk : chunks( ids ) ) {
			SessionJdbc.query( session, "select " + id + "," + attempts + " from " + table + " where " + id + " in ("
							+ SessionJdbc.placeholders( chunk.size() ) + ")" + lock,
					statement -> {
						SessionJdbc.bindIds( statement, 1, chunk );
						boundWait( statement, skipLocked );
					},
					row -> claimed.put( row.getLong( 1 ), row.getInt( 2 ) ) );
		}
		return claimed;
	}

	/** How long a claim that waits for locked rows waits at most, in seconds. */
	static final int LOCK_WAIT_SECONDS = 10;

	/**
	 * A claim that waits does so for a short transaction (an outbox worker's batch); PostgreSQL would wait forever
	 * by default, MariaDB 50 seconds.
	 */
	private static void boundWait(java.sql.PreparedStatement statement, boolean skipLocked) throws java.sql.SQLException {
		if ( !skipLocked ) {
			statement.setQueryTimeout( LOCK_WAIT_SECONDS );
		}
	}

	/**
	 * Deletes rows the session's transaction has {@linkplain #claim claimed}.
	 */
	public void deleteClaimed(SharedSessionContractImplementor session, List<Long> ids) {
		if ( oneRowAtATime ) {
			for ( Long rowId : ids ) {
				SessionJdbc.executeUpdate( session, "delete from " + table + " where " + id + "=?",
						statement -> statement.setLong( 1, rowId ) );
			}
			return;
		}
		for ( List<Long> chunk : chunks( ids ) ) {
			SessionJdbc.executeUpdate( session, "delete from " + table + " where " + id + " in ("
					+ SessionJdbc.placeholders( chunk.size() ) + ")", statement -> SessionJdbc.bindIds( statement, 1, chunk ) );
		}
	}

	/**
	 * Records a failed attempt on a row the session's transaction has {@linkplain #claim claimed}, from the
	 * row's own attempt count (never from a copy the caller holds: the worker may have recorded failures too).
	 *
	 * @param attemptsSoFar the attempts the claim read
	 */
	public void recordFailure(SharedSessionContractImplementor session, long rowId, int attemptsSoFar, String error,
			Instant nextAttempt) {
		SessionJdbc.executeUpdate( session, "update " + table + " set " + attempts + "=?," + lastError + "=?," + dueAt
				+ "=? where " + id + "=?", statement -> {
					statement.setInt( 1, attemptsSoFar + 1 );
					statement.setString( 2, PurgeRecord.truncatedError( error ) );
					bind( statement, 3, dueAtMapping, nextAttempt, session );
					statement.setLong( 4, rowId );
				} );
	}

	public static <T> List<List<T>> chunks(List<T> items) {
		final java.util.ArrayList<List<T>> chunks = new java.util.ArrayList<>();
		for ( int from = 0; from < items.size(); from += CHUNK ) {
			chunks.add( items.subList( from, Math.min( items.size(), from + CHUNK ) ) );
		}
		return chunks;
	}

	@SuppressWarnings("unchecked")
	private static void bind(PreparedStatement statement, int index, JdbcMapping mapping, Object value,
			SharedSessionContractImplementor session) throws SQLException {
		( (ValueBinder<Object>) mapping.getJdbcValueBinder() )
				.bind( statement, mapping.convertToRelationalValue( value ), index, session );
	}
}
