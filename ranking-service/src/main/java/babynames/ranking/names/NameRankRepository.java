package babynames.ranking.names;

import babynames.events.Sex;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads one name's count and rank; the rank counts the names ahead of it in the ranking order. */
@Singleton
final class NameRankRepository {
    private final DataSource dataSource;

    NameRankRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<NameRank> find(Sex sex, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT c.count,
                               1 + (SELECT count(*) FROM name_counts o
                                    WHERE o.sex = c.sex
                                      AND (o.count > c.count OR (o.count = c.count AND o.name < c.name)))
                        FROM name_counts c WHERE c.sex = ? AND c.name = ?""")) {
            query.setString(1, sex.wireName());
            query.setString(2, name);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new NameRank(name, sex.wireName(), row.getLong(1), row.getLong(2)));
            }
        }
    }
}
