package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.ranking.RankingContext;
import babynames.ranking.outbox.OutboxRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Model-based: several rankers share a log of two partitions against a real PostgreSQL, in any
 * interleaving of assignments (without the old owner hearing of it: a zombie), polls, commits,
 * failed transactions, crashes, and the seen-ids table being forgotten (its retention passing).
 * Whatever happened, once a fresh ranker has read to the end, every record is counted exactly
 * once and every poison record dead-lettered exactly once. The rankers are modelled consumers;
 * what is real is the transaction ({@link BatchCounter}) and the stored positions.
 */
class SeveralRankersModelIT {
    private static final RankingContext RANKING = RankingContext.start();
    private static final int PARTITIONS = 2;
    private static final int RANKERS = 3;
    private static final String TOPIC = TopicNames.DEFAULT.registrations();
    private static final List<String> NAMES = List.of("ADA", "BO", "CY", "DI", "ED");

    /** One record of the modelled log: a registration, or (registration null) a poison record. */
    record LogRecord(int partition, long offset, BabyRegistered registration) {}

    sealed interface Step {}

    /** The ranker is given the partition: it reads the stored position (the old owner is not told). */
    record Assign(int ranker, int partition) implements Step {}

    /** The ranker's consumer hands it up to {@code size} records of the partition into its batch. */
    record Poll(int ranker, int partition, int size) implements Step {}

    /** The ranker counts its batch in one transaction. */
    record Commit(int ranker) implements Step {}

    /** The ranker's transaction fails (database away): it rewinds to its batch's first offsets. */
    record Fail(int ranker) implements Step {}

    /** The ranker dies (SIGKILL) and comes back knowing nothing. */
    record Crash(int ranker) implements Step {}

    /** Every seen event id is forgotten, as when the ids' retention has passed. */
    record ForgetSeenIds() implements Step {}

    @Property(tries = 60)
    void everyRecordIsCountedOnceWhateverTheRankersDid(
            @ForAll("logSizes") List<Integer> sizes, @ForAll("steps") List<Step> steps) throws Exception {
        RANKING.reset();
        BatchCounter counter = RANKING.bean(BatchCounter.class);
        LogPositions stored = RANKING.bean(LogPositions.class);
        List<List<LogRecord>> log = log(sizes);
        List<ModelRanker> rankers = new ArrayList<>();
        for (int i = 0; i < RANKERS; i++) {
            rankers.add(new ModelRanker(stored, counter, log));
        }

        for (Step step : steps) {
            if (step instanceof Assign a) {
                rankers.get(a.ranker()).assign(a.partition());
            } else if (step instanceof Poll p) {
                rankers.get(p.ranker()).poll(p.partition(), p.size());
            } else if (step instanceof Commit c) {
                rankers.get(c.ranker()).commit();
            } else if (step instanceof Fail f) {
                rankers.get(f.ranker()).fail();
            } else if (step instanceof Crash c) {
                rankers.set(c.ranker(), new ModelRanker(stored, counter, log));
            } else {
                execute("DELETE FROM seen_events");
            }
        }
        ModelRanker last = new ModelRanker(stored, counter, log);
        for (int p = 0; p < PARTITIONS; p++) {
            last.assign(p);
        }
        while (last.hasMore()) {
            for (int p = 0; p < PARTITIONS; p++) {
                last.poll(p, 50);
            }
            last.commit();
        }

        assertEquals(expectedCounts(log), storedCounts(), "counts against the log");
        assertEquals(poisonSources(log), deadLetterSources(), "dead letters against the poison records");
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals((long) log.get(p).size(), storedPositions().getOrDefault(p, 0L), "position of partition " + p);
        }
    }

    /** A ranker as its consumer and the poll loop see it, counting through the real {@link BatchCounter}. */
    private static final class ModelRanker {
        private final LogPositions stored;
        private final BatchCounter counter;
        private final List<List<LogRecord>> log;
        private final Map<Integer, Long> known = new HashMap<>();
        private final Map<Integer, Long> position = new HashMap<>();
        private final Map<Integer, List<LogRecord>> batch = new LinkedHashMap<>();

        ModelRanker(LogPositions stored, BatchCounter counter, List<List<LogRecord>> log) {
            this.stored = stored;
            this.counter = counter;
            this.log = log;
        }

        void assign(int partition) {
            TopicPartition tp = new TopicPartition(TOPIC, partition);
            batch.remove(partition);
            Long next = stored.read(List.of(tp)).get(tp);
            known.put(partition, next == null ? PartitionAdvance.FIRST : next);
            // Without a stored position the consumer starts where a new group does: the beginning.
            position.put(partition, next == null ? 0 : next);
        }

        void poll(int partition, int size) {
            if (!known.containsKey(partition) || batch.containsKey(partition)) {
                return;
            }
            List<LogRecord> records = log.get(partition);
            int from = (int) (long) position.get(partition);
            int to = Math.min(records.size(), from + size);
            if (from < to) {
                batch.put(partition, records.subList(from, to));
                position.put(partition, (long) to);
            }
        }

        void commit() {
            if (batch.isEmpty()) {
                return;
            }
            List<IncomingRegistration> registrations = new ArrayList<>();
            List<OutboxRecord> deadLetters = new ArrayList<>();
            List<PartitionAdvance> advances = new ArrayList<>();
            batch.forEach((partition, records) -> {
                for (LogRecord record : records) {
                    if (record.registration() == null) {
                        deadLetters.add(DeadLetters.of(
                                new ConsumerRecord<>(
                                        TOPIC,
                                        partition,
                                        record.offset(),
                                        "poison",
                                        "{".getBytes(StandardCharsets.UTF_8)),
                                "unparseable",
                                TopicNames.DEFAULT.registrationsDlq()));
                    } else {
                        registrations.add(new IncomingRegistration(record.registration(), "model"));
                    }
                }
                advances.add(new PartitionAdvance(
                        new TopicPartition(TOPIC, partition),
                        known.get(partition),
                        records.get(records.size() - 1).offset() + 1));
            });
            try {
                counter.count(new CountingBatch(registrations, deadLetters, advances));
                advances.forEach(a -> known.put(a.partition().partition(), a.to()));
                batch.clear();
            } catch (LogPositionMoved e) {
                List<Integer> partitions = List.copyOf(batch.keySet());
                batch.clear();
                for (int partition : partitions) {
                    assign(partition);
                }
            }
        }

        void fail() {
            batch.forEach((partition, records) ->
                    position.put(partition, records.get(0).offset()));
            batch.clear();
        }

        boolean hasMore() {
            for (int p = 0; p < PARTITIONS; p++) {
                if (position.get(p) < log.get(p).size()) {
                    return true;
                }
            }
            return false;
        }
    }

    @Provide
    Arbitrary<List<Integer>> logSizes() {
        return Arbitraries.integers().between(0, 30).list().ofSize(PARTITIONS);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> ranker = Arbitraries.integers().between(0, RANKERS - 1);
        Arbitrary<Integer> partition = Arbitraries.integers().between(0, PARTITIONS - 1);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(ranker, partition).as(Assign::new)),
                Tuple.of(
                        6,
                        Combinators.combine(
                                        ranker,
                                        partition,
                                        Arbitraries.integers().between(1, 8))
                                .as(Poll::new)),
                Tuple.of(5, ranker.map(Commit::new)),
                Tuple.of(1, ranker.map(Fail::new)),
                Tuple.of(1, ranker.map(Crash::new)),
                Tuple.of(1, Arbitraries.just(new ForgetSeenIds())));
        return step.list().ofMaxSize(60);
    }

    /** Each partition's records: registrations with ids of their own, about one in eight poison. */
    private static List<List<LogRecord>> log(List<Integer> sizes) {
        List<List<LogRecord>> log = new ArrayList<>();
        int n = 0;
        for (int p = 0; p < sizes.size(); p++) {
            List<LogRecord> records = new ArrayList<>();
            for (int offset = 0; offset < sizes.get(p); offset++, n++) {
                BabyRegistered registration = n % 8 == 7
                        ? null
                        : BabyRegistered.of(
                                UUID.randomUUID(), NAMES.get(n % NAMES.size()), Sex.values()[n % 2], Instant.EPOCH);
                records.add(new LogRecord(p, offset, registration));
            }
            log.add(records);
        }
        return log;
    }

    private static Map<String, Long> expectedCounts(List<List<LogRecord>> log) {
        Map<String, Long> counts = new TreeMap<>();
        log.forEach(records -> records.stream()
                .filter(r -> r.registration() != null)
                .forEach(r -> counts.merge(r.registration().key(), 1L, Long::sum)));
        return counts;
    }

    private static List<String> poisonSources(List<List<LogRecord>> log) {
        List<String> sources = new ArrayList<>();
        log.forEach(records -> records.stream()
                .filter(r -> r.registration() == null)
                .forEach(r -> sources.add(TOPIC + "/" + r.partition() + "/" + r.offset())));
        return sources.stream().sorted().toList();
    }

    private static Map<String, Long> storedCounts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = RANKING.connect();
                ResultSet rows = c.createStatement().executeQuery("SELECT sex, name, registered FROM name_counts")) {
            while (rows.next()) {
                counts.put(rows.getString(1) + ":" + rows.getString(2), rows.getLong(3));
            }
        }
        return counts;
    }

    /** The dlq-source header of every dead letter in the outbox, duplicates kept. */
    private static List<String> deadLetterSources() throws SQLException {
        List<String> sources = new ArrayList<>();
        try (Connection c = RANKING.connect();
                var query = c.prepareStatement("SELECT convert_from(decode(h ->> 'value', 'base64'), 'UTF8')"
                        + " FROM outbox, jsonb_array_elements(headers) h WHERE h ->> 'name' = ?")) {
            query.setString(1, EventHeaders.DLQ_SOURCE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sources.add(rows.getString(1));
                }
            }
        }
        return sources.stream().sorted().toList();
    }

    private static Map<Integer, Long> storedPositions() throws SQLException {
        Map<Integer, Long> positions = new HashMap<>();
        try (Connection c = RANKING.connect();
                ResultSet rows =
                        c.createStatement().executeQuery("SELECT partition, next_offset FROM registration_offsets")) {
            while (rows.next()) {
                positions.put(rows.getInt(1), rows.getLong(2));
            }
        }
        return positions;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = RANKING.connect()) {
            c.createStatement().execute(sql);
        }
    }
}
