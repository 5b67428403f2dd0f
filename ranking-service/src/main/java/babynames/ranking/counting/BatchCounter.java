package babynames.ranking.counting;

import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.ranking.outbox.OutboxSignal;
import babynames.ranking.outbox.OutboxWriter;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Counts one poll batch in one PostgreSQL transaction: drop event ids already seen, add the new
 * ones to the counts with set-based SQL, and record any top-10 change with its outbox row. The
 * caller commits Kafka offsets only after this returns, so a crash in between means a redelivery
 * that the seen-ids table turns into a no-op: each event is counted exactly once.
 */
@Singleton
public final class BatchCounter {
    private final DataSource dataSource;
    private final Top10Recorder recorder;
    private final OutboxSignal relay;

    BatchCounter(DataSource dataSource, JsonMapper mapper, OutboxWriter outbox, OutboxSignal relay) {
        this.dataSource = dataSource;
        this.recorder = new Top10Recorder(new EventJson(mapper), outbox, Clock.systemUTC());
        this.relay = relay;
    }

    /** What one batch did: how many events were new, and how many had been counted before. */
    public record Result(int counted, int duplicates, int top10Changes) {}

    Result count(List<IncomingRegistration> batch) throws SQLException {
        int changes = 0;
        Set<UUID> fresh;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                fresh = markSeen(connection, batch);
                List<IncomingRegistration> toCount = new ArrayList<>(fresh.size());
                for (IncomingRegistration registration : batch) {
                    if (fresh.remove(registration.event().eventId())) {
                        toCount.add(registration);
                    }
                }
                Map<Sex, Map<String, Long>> newCounts = addCounts(connection, toCount);
                for (Sex sex : Sex.values()) {
                    Map<String, Long> touched = newCounts.get(sex);
                    if (touched == null) {
                        continue;
                    }
                    IncomingRegistration last = lastOf(toCount, sex);
                    if (recorder.recordIfChanged(
                                    connection,
                                    sex,
                                    touched,
                                    last.event().eventId().toString(),
                                    last.correlationId())
                            .isPresent()) {
                        changes++;
                    }
                }
                connection.commit();
                if (changes > 0) {
                    relay.wake();
                }
                return new Result(toCount.size(), batch.size() - toCount.size(), changes);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Inserts the batch's event ids; returns those that were not there before. */
    private static Set<UUID> markSeen(Connection connection, List<IncomingRegistration> batch) throws SQLException {
        Object[] ids = batch.stream().map(r -> r.event().eventId()).distinct().toArray();
        Set<UUID> fresh = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO seen_events (event_id) SELECT unnest(?::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id")) {
            Array array = connection.createArrayOf("uuid", ids);
            insert.setArray(1, array);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }

    /** Adds the registrations to the counts in one statement; returns each touched name's new count. */
    private static Map<Sex, Map<String, Long>> addCounts(Connection connection, List<IncomingRegistration> toCount)
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
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO name_counts (sex, name, registered)
                SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[])
                ON CONFLICT (sex, name) DO UPDATE SET registered = name_counts.registered + EXCLUDED.registered
                RETURNING sex, name, count""")) {
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

    private static IncomingRegistration lastOf(List<IncomingRegistration> registrations, Sex sex) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            if (registrations.get(i).event().sex() == sex) {
                return registrations.get(i);
            }
        }
        throw new IllegalArgumentException("No registration of " + sex);
    }
}
