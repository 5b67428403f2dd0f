package babynames.ranking.admin;

import babynames.ranking.counting.IncomingRegistration;
import babynames.ranking.counting.Increments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Counting into the fresh tables a rebuild fills ({@link RebuildTables}): the same set-based
 * statements as the ranker's {@code CountRepository}, on tables whose names a repository cannot
 * take as a parameter. Runs in the caller's transaction.
 */
final class FreshCounts {
    private FreshCounts() {}

    /** Counts the registrations whose event ids the fresh tables have not seen; returns how many. */
    static long count(Connection connection, List<IncomingRegistration> batch) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        Object[] ids = batch.stream().map(r -> r.event().eventId()).distinct().toArray();
        Set<UUID> fresh = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO seen_events_rebuild (event_id)"
                + " SELECT unnest(?::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id")) {
            insert.setArray(1, connection.createArrayOf("uuid", ids));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getObject(1, UUID.class));
                }
            }
        }
        List<IncomingRegistration> toCount = new ArrayList<>();
        for (IncomingRegistration registration : batch) {
            if (fresh.remove(registration.event().eventId())) {
                toCount.add(registration);
            }
        }
        Increments increments = Increments.of(toCount);
        if (increments.isEmpty()) {
            return 0;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO name_counts_rebuild AS c"
                + " (sex, name, registered) SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[])"
                + " ON CONFLICT (sex, name) DO UPDATE SET registered = c.registered + EXCLUDED.registered")) {
            upsert.setArray(1, connection.createArrayOf("text", increments.sexes()));
            upsert.setArray(2, connection.createArrayOf("text", increments.names()));
            upsert.setObject(3, increments.increments());
            upsert.executeUpdate();
        }
        return toCount.size();
    }
}
