package babynames.ranking.counting;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/**
 * The ranker's position in {@code baby-registrations}, kept beside the counts and moved in the
 * same transaction, so the counts and the position can never disagree.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface LogPositionRepository extends GenericRepository<LogPosition, LogPosition.Key> {
    @Query("SELECT partition, next_offset FROM registration_offsets"
            + " WHERE topic = :topic AND partition = ANY (:partitions)")
    List<StoredOffset> findStored(String topic, int[] partitions);

    /**
     * Moves a partition's position, only from where this ranker left it (a compare-and-set: the
     * row lock makes a second ranker wait, then find the position moved). Returns 0 when another
     * ranker moved it first.
     */
    @Query("UPDATE registration_offsets SET next_offset = :to"
            + " WHERE topic = :topic AND partition = :partition AND next_offset = :from")
    int advance(String topic, int partition, long from, long to);

    /** Stores a first position; returns 0 when another ranker stored one first. */
    @Query("INSERT INTO registration_offsets (topic, partition, next_offset) VALUES (:topic, :partition, :to)"
            + " ON CONFLICT DO NOTHING")
    int start(String topic, int partition, long to);

    /** Sets a position whatever it was (a rebuild, holding the table's lock). */
    @Query("INSERT INTO registration_offsets (topic, partition, next_offset) VALUES (:topic, :partition, :to)"
            + " ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset")
    void store(String topic, int partition, long to);
}
