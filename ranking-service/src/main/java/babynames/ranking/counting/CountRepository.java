package babynames.ranking.counting;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The set-based statements of counting: a whole batch is one statement each, never a row at a
 * time. The data-modifying ones that return rows are written as {@code WITH ... SELECT}, which is
 * how a repository method reads what an {@code INSERT ... RETURNING} gives back (as entities: a
 * DTO is not mapped from such a statement).
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CountRepository extends GenericRepository<CountedName, CountedName.Key> {
    /** Inserts the event ids into {@code seen_events}; returns those that were not there before. */
    @Query("WITH fresh AS (INSERT INTO seen_events (event_id) SELECT unnest(CAST(:eventIds AS uuid[]))"
            + " ON CONFLICT DO NOTHING RETURNING event_id) SELECT event_id FROM fresh")
    List<UUID> markSeen(String[] eventIds);

    /** Adds {@code increments[i]} registrations to ({@code sexes[i]}, {@code names[i]}); returns the new counts. */
    @Query("WITH added AS (INSERT INTO name_counts AS c (sex, name, registered)"
            + " SELECT * FROM unnest(CAST(:sexes AS text[]), CAST(:names AS text[]), CAST(:increments AS bigint[]))"
            + " ON CONFLICT (sex, name) DO UPDATE SET registered = c.registered + EXCLUDED.registered"
            + " RETURNING *) SELECT sex, name, baseline, registered, count FROM added")
    List<CountedName> addCounts(String[] sexes, String[] names, long[] increments);

    /** Sets the ONS baseline of names of one sex (never adds to it); returns their new counts. */
    @Query("WITH imported AS (INSERT INTO name_counts AS c (sex, name, baseline)"
            + " SELECT :sex, * FROM unnest(CAST(:names AS text[]), CAST(:baselines AS bigint[]))"
            + " ON CONFLICT (sex, name) DO UPDATE SET baseline = EXCLUDED.baseline"
            + " RETURNING *) SELECT sex, name, baseline, registered, count FROM imported")
    List<CountedName> setBaselines(String sex, String[] names, long[] baselines);

    /**
     * Keeps rankers out until the caller's transaction ends: for an import, which may lower
     * counts (rankers decide "could the top 10 change?" on counts only growing).
     */
    @Query(value = "LOCK TABLE name_counts IN SHARE ROW EXCLUSIVE MODE", readOnly = false)
    void lockOutRankers();

    /** The first {@code limit} names of a sex in ranking order (count descending, then name). */
    @Query("SELECT name, count FROM name_counts WHERE sex = :sex ORDER BY count DESC, name LIMIT :limit")
    List<Top10.NameCount> findRanking(String sex, int limit);

    /** The registrations the database has counted, all names together. */
    @Query("SELECT coalesce(sum(registered), 0) FROM name_counts")
    long registeredTotal();

    /** Forgets up to 10,000 event ids seen before {@code cutoff}; returns how many. */
    @Query("DELETE FROM seen_events WHERE event_id IN"
            + " (SELECT event_id FROM seen_events WHERE seen_at < :cutoff LIMIT 10000)")
    int forgetSeenBefore(Instant cutoff);
}
