package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.RankedName;
import babynames.events.Sex;
import babynames.events.Top10Changed;
import babynames.ranking.RankingContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The counting invariants against a real PostgreSQL: whatever the mix of duplicates and replayed
 * batches, each event id is counted once and the stored top 10 is the sorted prefix of the counts.
 */
class ExactlyOnceCountingIT {
    private static final RankingContext RANKING = RankingContext.start();

    private static final List<String> NAMES =
            List.of("ADA", "BO", "CY", "DI", "ED", "FAY", "GUS", "HAL", "IVY", "JO", "KAI", "LEO", "MIA", "NED");

    @Property(tries = 15)
    void countsEqualTheUniqueEventsAndTheTop10IsTheSortedPrefix(@ForAll("batches") List<List<BabyRegistered>> batches)
            throws Exception {
        RANKING.reset();
        BatchCounter counter = RANKING.bean(BatchCounter.class);

        for (List<BabyRegistered> batch : batches) {
            counter.count(new CountingBatch(
                    batch.stream()
                            .map(event -> new IncomingRegistration(event, "test"))
                            .toList(),
                    List.of(),
                    List.of()));
        }

        Map<String, Long> expected = uniqueCounts(batches);
        assertEquals(expected, storedCounts());
        for (Sex sex : Sex.values()) {
            assertEquals(expectedTop10(expected, sex), storedTop10(sex));
        }
    }

    @Provide
    Arbitrary<List<List<BabyRegistered>>> batches() {
        Arbitrary<BabyRegistered> fresh = Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(Sex.values()))
                .as((name, sex) -> BabyRegistered.of(UUID.randomUUID(), name, sex, Instant.EPOCH));
        return fresh.list()
                .ofMinSize(1)
                .ofMaxSize(40)
                .list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .map(ExactlyOnceCountingIT::withRepeats);
    }

    /** Adds what Kafka and clients do: a batch delivered again, and events repeated inside a batch. */
    private static List<List<BabyRegistered>> withRepeats(List<List<BabyRegistered>> batches) {
        List<List<BabyRegistered>> delivered = new ArrayList<>();
        for (List<BabyRegistered> batch : batches) {
            List<BabyRegistered> withDuplicate = new ArrayList<>(batch);
            withDuplicate.add(batch.get(0));
            delivered.add(withDuplicate);
            if (batch.size() % 3 == 0) {
                delivered.add(batch);
            }
        }
        return delivered;
    }

    private static Map<String, Long> uniqueCounts(List<List<BabyRegistered>> batches) {
        Map<UUID, BabyRegistered> unique = new LinkedHashMap<>();
        batches.forEach(batch -> batch.forEach(event -> unique.putIfAbsent(event.eventId(), event)));
        Map<String, Long> counts = new HashMap<>();
        unique.values().forEach(event -> counts.merge(event.key(), 1L, Long::sum));
        return counts;
    }

    private static List<RankedName> expectedTop10(Map<String, Long> counts, Sex sex) {
        String prefix = sex.wireName() + ":";
        List<Top10.NameCount> sorted = counts.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> new Top10.NameCount(e.getKey().substring(prefix.length()), e.getValue()))
                .sorted(Comparator.comparingLong(Top10.NameCount::count)
                        .reversed()
                        .thenComparing(Top10.NameCount::name))
                .limit(Top10.SIZE)
                .toList();
        return Top10.rank(sorted);
    }

    private static Map<String, Long> storedCounts() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = RANKING.connect();
                ResultSet rows = c.createStatement().executeQuery("SELECT sex, name, count FROM name_counts")) {
            while (rows.next()) {
                counts.put(rows.getString(1) + ":" + rows.getString(2), rows.getLong(3));
            }
        }
        return counts;
    }

    /** The snapshot the ranker stored, checked against the last outbox row announcing it. */
    private static List<RankedName> storedTop10(Sex sex) throws Exception {
        EventJson json = EventJson.createDefault();
        try (Connection c = RANKING.connect();
                var query = c.prepareStatement("SELECT version, names FROM top10_snapshots WHERE sex = ?");
                var outbox = c.prepareStatement(
                        "SELECT payload FROM outbox WHERE record_key = ? ORDER BY id DESC LIMIT 1")) {
            query.setString(1, sex.wireName());
            outbox.setString(1, sex.wireName());
            try (ResultSet snapshot = query.executeQuery();
                    ResultSet announced = outbox.executeQuery()) {
                snapshot.next();
                List<RankedName> names = json.readList(snapshot.getBytes(2), RankedName.class);
                if (announced.next()) {
                    Top10Changed last = json.read(announced.getBytes(1), Top10Changed.class);
                    assertEquals(snapshot.getLong(1), last.version());
                    assertEquals(names, last.names());
                } else {
                    assertEquals(0, snapshot.getLong(1));
                }
                return names;
            }
        }
    }
}
