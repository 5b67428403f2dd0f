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

    BatchCounter(DataSource dataSource, JsonMapper mapper, OutboxWriter outbox, OutboxSignal relay, TopicNames topics) {
        this.dataSource = dataSource;
        this.recorder = new Top10Recorder(new EventJson(mapper), outbox, Clock.systemUTC(), topics);
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
                fresh = CountStatements.LIVE.markSeen(connection, batch);
                List<IncomingRegistration> toCount = new ArrayList<>(fresh.size());
                for (IncomingRegistration registration : batch) {
                    if (fresh.remove(registration.event().eventId())) {
                        toCount.add(registration);
                    }
                }
                Map<Sex, Map<String, Long>> newCounts = CountStatements.LIVE.addCounts(connection, toCount);
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

    private static IncomingRegistration lastOf(List<IncomingRegistration> registrations, Sex sex) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            if (registrations.get(i).event().sex() == sex) {
                return registrations.get(i);
            }
        }
        throw new IllegalArgumentException("No registration of " + sex);
    }
}
