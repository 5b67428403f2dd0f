package babynames.ranking.counting;

import babynames.events.EventJson;
import babynames.events.RankedName;
import babynames.events.Sex;
import babynames.events.Top10Changed;
import babynames.events.TopicNames;
import babynames.ranking.outbox.OutboxRecord;
import babynames.ranking.outbox.OutboxWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the stored top 10 of a sex in step with the counts, inside the caller's transaction: when
 * the ranking changed, it writes the new snapshot (version + 1) and the outbox row announcing it,
 * so the change and its announcement commit or roll back together (no dual write).
 */
public final class Top10Recorder {
    private final EventJson json;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final String topic;

    public Top10Recorder(EventJson json, OutboxWriter outbox, Clock clock, TopicNames topics) {
        this.json = json;
        this.topic = topics.top10Changed();
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Records the top 10 of {@code sex} again if counting {@code touched} (name to new count) could
     * have changed it; with {@code touched} null, reads it again in any case (after a rebuild).
     * Whether it could have changed is decided from the snapshot as committed, without a lock, so
     * rankers whose batches cannot change the top 10 (most of them) never wait for each other;
     * only a possible change locks the snapshot row and decides again on what it then holds. That
     * is safe because counts only grow: a name that does not beat the 10th of an older snapshot
     * does not beat the 10th of a newer one.
     */
    public Optional<Top10Changed> recordIfChanged(
            Connection connection, Sex sex, Map<String, Long> touched, String causedBy, String correlationId)
            throws SQLException {
        if (touched != null
                && !Top10.couldChange(readSnapshot(connection, sex, false).names(), touched)) {
            return Optional.empty();
        }
        Snapshot locked = readSnapshot(connection, sex, true);
        List<RankedName> current = locked.names();
        long version = locked.version();
        if (touched != null && !Top10.couldChange(current, touched)) {
            return Optional.empty();
        }
        List<RankedName> fresh = Top10.rank(readTop10(connection, sex));
        if (fresh.equals(current)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Top10Changed changed = Top10Changed.of(sex, version + 1, fresh, now, causedBy);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE top10_snapshots SET version = ?, names = ?, changed_at = ? WHERE sex = ?")) {
            update.setLong(1, changed.version());
            update.setString(2, new String(json.write(fresh), StandardCharsets.UTF_8));
            update.setTimestamp(3, Timestamp.from(now));
            update.setString(4, sex.wireName());
            update.executeUpdate();
        }
        outbox.add(
                connection,
                OutboxRecord.event(topic, sex.wireName(), json.write(changed), Top10Changed.EVENT_TYPE, correlationId));
        return Optional.of(changed);
    }

    private record Snapshot(long version, List<RankedName> names) {}

    private Snapshot readSnapshot(Connection connection, Sex sex, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version, names FROM top10_snapshots WHERE sex = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, sex.wireName());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Snapshot(row.getLong(1), parse(row.getString(2)));
            }
        }
    }

    static List<Top10.NameCount> readTop10(Connection connection, Sex sex) throws SQLException {
        List<Top10.NameCount> top = new ArrayList<>(Top10.SIZE);
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT name, count FROM name_counts WHERE sex = ? ORDER BY count DESC, name LIMIT " + Top10.SIZE)) {
            query.setString(1, sex.wireName());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    top.add(new Top10.NameCount(rows.getString(1), rows.getLong(2)));
                }
            }
        }
        return top;
    }

    private List<RankedName> parse(String names) throws SQLException {
        try {
            return json.readList(names.getBytes(StandardCharsets.UTF_8), RankedName.class);
        } catch (IOException e) {
            throw new SQLException("Unreadable top-10 snapshot: " + names, e);
        }
    }
}
