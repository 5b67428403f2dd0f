package babynames.ranking.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

/** The outbox: records waiting to be published, and those published, until they expire. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface OutboxRepository extends GenericRepository<OutboxRow, Long> {
    @Query("INSERT INTO outbox (topic, record_key, payload, event_type, correlation_id, headers)"
            + " VALUES (:topic, :recordKey, :payload, :eventType, :correlationId, CAST(:headers AS jsonb))")
    void add(
            String topic,
            @Nullable String recordKey,
            byte[] payload,
            @Nullable String eventType,
            @Nullable String correlationId,
            String headers);

    /** The oldest unpublished rows, locked until the caller's transaction ends, so relays take turns. */
    @Query("SELECT id, topic, record_key, payload, event_type, correlation_id, CAST(headers AS text) AS headers,"
            + " created_at, sent_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE")
    List<OutboxRow> findUnsentForUpdate(int limit);

    @Query("UPDATE outbox SET sent_at = now() WHERE id = ANY (:ids)")
    void markSent(long[] ids);

    @Query("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
    long countUnsent();

    /** Deletes up to 10,000 rows published before {@code cutoff} (never an unpublished one); returns how many. */
    @Query("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < :cutoff LIMIT 10000)")
    int deleteSentBefore(Instant cutoff);
}
