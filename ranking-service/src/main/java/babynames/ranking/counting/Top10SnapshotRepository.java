package babynames.ranking.counting;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;

/** The stored top 10 of each sex. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface Top10SnapshotRepository extends GenericRepository<Top10Snapshot, String> {
    /** The snapshot as committed, without a lock. */
    @Query("SELECT sex, version, names, changed_at FROM top10_snapshots WHERE sex = :sex")
    Top10Snapshot find(String sex);

    /** The snapshot, locked until the caller's transaction ends: only its holder may write a new version. */
    @Query("SELECT sex, version, names, changed_at FROM top10_snapshots WHERE sex = :sex FOR UPDATE")
    Top10Snapshot findForUpdate(String sex);

    @Query("UPDATE top10_snapshots SET version = :version, names = :names, changed_at = :changedAt WHERE sex = :sex")
    void update(String sex, long version, String names, Instant changedAt);
}
