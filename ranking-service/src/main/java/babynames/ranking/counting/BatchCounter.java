package babynames.ranking.counting;

import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.ranking.outbox.OutboxSignal;
import babynames.ranking.outbox.OutboxWriter;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Counts one poll batch in one PostgreSQL transaction: move the stored log position of each of the
 * batch's partitions (only from where this ranker left it), drop event ids already seen, add the
 * new ones to the counts with set-based SQL, write the dead letters and any top-10 change to the
 * outbox. The position and the counts commit together, so a batch is counted once however often
 * Kafka delivers it and whatever the consumer group's own offsets say.
 */
@Singleton
public final class BatchCounter {
    private final DataSource dataSource;
    private final Top10Recorder recorder;
    private final OutboxWriter outbox;
    private final OutboxSignal relay;

    BatchCounter(DataSource dataSource, JsonMapper mapper, OutboxWriter outbox, OutboxSignal relay, TopicNames topics) {
        this.dataSource = dataSource;
        this.recorder = new Top10Recorder(new EventJson(mapper), outbox, Clock.systemUTC(), topics);
        this.outbox = outbox;
        this.relay = relay;
    }

    /** What one batch did: events new to the counts, events counted before, dead letters, top-10 changes. */
    public record Result(int counted, int duplicates, int deadLettered, int top10Changes) {}

    /** Throws {@link LogPositionMoved} (nothing written) when another ranker counted from a partition meanwhile. */
    Result count(CountingBatch batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // First, so a ranker that lost a partition finds out before it takes any other lock.
                for (PartitionAdvance advance : batch.advances()) {
                    LogPositions.advance(connection, advance);
                }
                List<IncomingRegistration> toCount = unseen(connection, batch.registrations());
                Map<Sex, Map<String, Long>> newCounts = CountStatements.LIVE.addCounts(connection, toCount);
                outbox.add(connection, batch.deadLetters());
                int changes = 0;
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
                if (changes > 0 || !batch.deadLetters().isEmpty()) {
                    relay.wake();
                }
                return new Result(
                        toCount.size(),
                        batch.registrations().size() - toCount.size(),
                        batch.deadLetters().size(),
                        changes);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * The registrations whose event ids were not counted before. Offsets already keep a batch from
     * being counted twice; this catches the same event published twice (a client's retry with the
     * same Idempotency-Key), which is why the ids are kept as long as such keys.
     */
    private static List<IncomingRegistration> unseen(Connection connection, List<IncomingRegistration> batch)
            throws SQLException {
        if (batch.isEmpty()) {
            return List.of();
        }
        Set<UUID> fresh = CountStatements.LIVE.markSeen(connection, batch);
        List<IncomingRegistration> toCount = new ArrayList<>(fresh.size());
        for (IncomingRegistration registration : batch) {
            if (fresh.remove(registration.event().eventId())) {
                toCount.add(registration);
            }
        }
        return toCount;
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
