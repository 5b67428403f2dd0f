package babynames.ranking.names;

import babynames.ranking.counting.CountedName;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/**
 * Reads one name's count and rank; the rank counts the names ahead of it in the ranking order.
 * Through the {@code names} datasource, a small pool of its own: lookups never wait for, or take,
 * the connections counting uses.
 */
@JdbcRepository(dialect = Dialect.POSTGRES, dataSource = "names")
interface NameRankRepository extends GenericRepository<CountedName, CountedName.Key> {
    @Query("""
            SELECT c.name, c.sex, c.count,
                   1 + (SELECT count(*) FROM name_counts o
                        WHERE o.sex = c.sex
                          AND (o.count > c.count OR (o.count = c.count AND o.name < c.name))) AS rank
            FROM name_counts c WHERE c.sex = :sex AND c.name = :name""")
    Optional<NameRank> find(String sex, String name);
}
