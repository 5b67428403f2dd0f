package babynames.ranking.counting;

import babynames.events.Sex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The set-based SQL of counting, on a pair of tables: the live ones, or the fresh ones a rebuild
 * fills before it swaps them in. Runs in the caller's transaction.
 */
public record CountStatements(String seenEvents, String nameCounts) {
    public static final CountStatements LIVE = new CountStatements("seen_events", "name_counts");

    /** Inserts the registrations' event ids; returns those that were not there before. */
    public Set<UUID> markSeen(Connection connection, List<IncomingRegistration> batch) throws SQLException {
        Object[] ids = batch.stream().map(r -> r.event().eventId()).distinct().toArray();
        Set<UUID> fresh = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + seenEvents
                + " (event_id) SELECT unnest(?::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id")) {
            insert.setArray(1, connection.createArrayOf("uuid", ids));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }

    /** Adds the registrations to the counts in one statement; returns each touched name's new count. */
    public Map<Sex, Map<String, Long>> addCounts(Connection connection, List<IncomingRegistration> toCount)
            throws SQLException {
        Map<String, Long> perKey = new LinkedHashMap<>();
        for (IncomingRegistration registration : toCount) {
            perKey.merge(registration.event().key(), 1L, Long::sum);
        }
        Map<Sex, Map<String, Long>> newCounts = new EnumMap<>(Sex.class);
        if (perKey.isEmpty()) {
            return newCounts;
        }
        int n = perKey.size();
        String[] sexes = new String[n];
        String[] names = new String[n];
        Long[] increments = new Long[n];
        int i = 0;
        for (var entry : perKey.entrySet()) {
            int colon = entry.getKey().indexOf(':');
            sexes[i] = entry.getKey().substring(0, colon);
            names[i] = entry.getKey().substring(colon + 1);
            increments[i] = entry.getValue();
            i++;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + nameCounts
                + " AS c (sex, name, registered) SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[])"
                + " ON CONFLICT (sex, name) DO UPDATE SET registered = c.registered + EXCLUDED.registered"
                + " RETURNING sex, name, count")) {
            upsert.setArray(1, connection.createArrayOf("text", sexes));
            upsert.setArray(2, connection.createArrayOf("text", names));
            upsert.setArray(3, connection.createArrayOf("bigint", increments));
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    Sex sex = Sex.fromWireName(rows.getString(1)).orElseThrow();
                    newCounts.computeIfAbsent(sex, s -> new HashMap<>()).put(rows.getString(2), rows.getLong(3));
                }
            }
        }
        return newCounts;
    }
}
