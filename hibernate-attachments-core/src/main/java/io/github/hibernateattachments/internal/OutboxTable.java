package io.github.hibernateattachments.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 * at a time (a sweep, the files of a large purge): one {@code INSERT ... SELECT}, one
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} and one {@code DELETE} per chunk of up to {@value #CHUNK} rows.
 * <p>
 * Hand-written (see {@link SessionJdbc} for why), with nothing given up for it: table and column names
 * come from the mapping, values are bound by the attributes' own JDBC mappings (so
 * {@code hibernate.jdbc.time_zone} and the enum's column type apply as everywhere else), and ids come from
 * the entity's own generator, block by block, as Hibernate would assign them.
 */
final class OutboxTable {

	/** Rows per statement: far below every database's limit on bind parameters. */
	static final int CHUNK = 1000;

	private final EntityPersister persister;
	private final String table;
	private final String id;
	private final String key;
	private final String serviceName;
	private final String reason;
	private final String dueAt;
	private final String attempts;
	private final JdbcMapping reasonMapping;
	private final JdbcMapping dueAtMapping;
	private final String forUpdateSkipLocked;

	OutboxTable(SessionFactoryImplementor sessionFactory) {
		this.persister = sessionFactory.getMappingMetamodel().getEntityDescriptor( PurgeRecord.class );
		this.table = persister.getMappedTableDetails().getTableName();
		this.id = persister.getIdentifierMapping().getSelectable( 0 ).getSelectionExpression();
		this.key = column( "key" );
		this.serviceName = column( "serviceName" );
		this.reason = column( "reason" );
		this.dueAt = column( "dueAt" );
		this.attempts = column( "attempts" );
		this.reasonMapping = attribute( "reason" ).getSingleJdbcMapping();
		this.dueAtMapping = attribute( "dueAt" ).getSingleJdbcMapping();
		this.forUpdateSkipLocked = sessionFactory.getJdbcServices().getDialect().getForUpdateSkipLockedString();
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
	void insertPurgesOf(SharedSessionContractImplementor session, String blobTable, List<Long> blobIds,
			List<PurgeRecord> records) {
		if ( blobIds.size() != records.size() ) {
			throw new IllegalArgumentException( blobIds.size() + " blob rows for " + records.size() + " purges" );
		}
		final BeforeExecutionGenerator generator = (BeforeExecutionGenerator) persister.getGenerator();
		for ( PurgeRecord record : records ) {
			record.assignId( (Long) generator.generate( session, record, null, EventType.INSERT ) );
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
			final int inserted = SessionJdbc.executeUpdate( session, "insert into " + table + " (" + id + "," + key
					+ "," + serviceName + "," + reason + "," + dueAt + "," + attempts + ") select "
					+ ( first.getId() - 1 ) + " + row_number() over (order by b.id), b.storage_key, b.service_name, ?, ?, 0"
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
	 * Locks those of these rows that still exist and that no other transaction holds; skips the others.
	 *
	 * @return the ids of the rows now locked by the session's transaction
	 */
	Set<Long> claim(SharedSessionContractImplementor session, List<Long> ids) {
		final Set<Long> claimed = new HashSet<>();
		for ( List<Long> chunk : chunks( ids ) ) {
			SessionJdbc.query( session, "select " + id + " from " + table + " where " + id + " in ("
							+ SessionJdbc.placeholders( chunk.size() ) + ")" + forUpdateSkipLocked,
					statement -> SessionJdbc.bindIds( statement, 1, chunk ),
					row -> claimed.add( row.getLong( 1 ) ) );
		}
		return claimed;
	}

	/**
	 * Deletes rows the session's transaction has {@linkplain #claim claimed}: they are locked already, so the
	 * statement takes no lock beyond them (no gap lock on InnoDB either: equality on the primary key).
	 */
	void deleteClaimed(SharedSessionContractImplementor session, List<Long> ids) {
		for ( List<Long> chunk : chunks( ids ) ) {
			SessionJdbc.executeUpdate( session, "delete from " + table + " where " + id + " in ("
					+ SessionJdbc.placeholders( chunk.size() ) + ")", statement -> SessionJdbc.bindIds( statement, 1, chunk ) );
		}
	}

	static <T> List<List<T>> chunks(List<T> items) {
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
