package babynames.ranking.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables a rebuild fills ({@code seen_events_rebuild}, {@code name_counts_rebuild}) and the
 * swap that puts them in the live tables' place, keeping the index and constraint names Flyway
 * gave the live ones.
 */
final class RebuildTables {
    private static final List<String> TABLES = List.of("seen_events", "name_counts");

    private RebuildTables() {}

    /** Drops what an earlier run left behind: fresh tables it never swapped in, old ones it never dropped. */
    static void dropLeftovers(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute("DROP TABLE IF EXISTS " + table + "_rebuild, " + table + "_old");
            }
        }
    }

    static void createFresh(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute("CREATE TABLE " + table + "_rebuild (LIKE " + table + " INCLUDING ALL)");
            }
        }
    }

    /**
     * In the caller's transaction, with the live tables locked: carries the ONS baseline over (it
     * is not in the topic), drops the live tables and renames the fresh ones into their place,
     * with the live tables' index names.
     */
    static void swap(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO name_counts_rebuild (sex, name, baseline)"
                    + " SELECT sex, name, baseline FROM name_counts WHERE baseline <> 0"
                    + " ON CONFLICT (sex, name) DO UPDATE SET baseline = EXCLUDED.baseline");
            for (String table : TABLES) {
                Map<String, String> liveNames = indexNamesByShape(connection, table);
                Map<String, String> freshNames = indexNamesByShape(connection, table + "_rebuild");
                statement.execute("DROP TABLE " + table);
                statement.execute("ALTER TABLE " + table + "_rebuild RENAME TO " + table);
                for (var fresh : freshNames.entrySet()) {
                    String live = liveNames.get(fresh.getKey());
                    if (live != null && !live.equals(fresh.getValue())) {
                        // Renaming the index of a primary key renames the constraint too.
                        statement.execute("ALTER INDEX " + fresh.getValue() + " RENAME TO " + live);
                    }
                }
            }
        }
    }

    /** A table's indexes by their definition without index or table name (their shape), to their names. */
    private static Map<String, String> indexNamesByShape(Connection connection, String table) throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT indexname, indexdef FROM pg_indexes"
                + " WHERE schemaname = current_schema() AND tablename = ?")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String shape = rows.getString(2)
                            .replaceFirst("^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ", "CREATE $1INDEX ON ");
                    names.put(shape, rows.getString(1));
                }
            }
        }
        return names;
    }
}
