package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.SseRecorder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The books after a fault: every registration the load made was answered 202 in the end, and is
 * counted exactly once; the top 10 that query-api serves and stream-api announces is the latest one
 * and agrees with the counts.
 */
final class Books {
    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final Pattern ENTRY = Pattern.compile("\\{\"name\":\"([^\"]+)\",\"count\":(\\d+)}");

    private Books() {}

    /**
     * Called when a fault ends: waits until every registration sent so far (retried until accepted)
     * is counted, and returns how long that took, the recovery time.
     */
    static long recover(RankerHarness harness, SteadyLoad load) {
        long start = System.nanoTime();
        long sent = load.sent();
        Awaitility.await().atMost(SETTLE).until(() -> totalCounted(harness, load.expectedCounts()) >= sent);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Stops the load, waits for the system to take in everything, prints the fault's figure line and
     * fails on any loss or double count, or a top 10 out of step.
     */
    static void balance(String fault, RankerHarness harness, SteadyLoad load, long recoveryMillis, String more)
            throws Exception {
        load.stopArrivals();
        Awaitility.await().atMost(SETTLE).until(load::allAccepted);
        Map<Sex, Map<String, Long>> expected = load.expectedCounts();
        long requests = total(expected);
        Awaitility.await()
                .atMost(SETTLE)
                .until(() -> totalCounted(harness, expected) >= requests && harness.rankerLag() == 0);

        long counted = 0;
        long lost = 0;
        long doubled = 0;
        for (var bySex : expected.entrySet()) {
            Map<String, Long> actual = Registrations.counted(
                    harness.database,
                    bySex.getKey(),
                    List.copyOf(bySex.getValue().keySet()));
            for (var name : bySex.getValue().entrySet()) {
                long got = actual.getOrDefault(name.getKey(), 0L);
                counted += got;
                lost += Math.max(0, name.getValue() - got);
                doubled += Math.max(0, got - name.getValue());
            }
        }
        System.out.printf(
                "FAULT %s: sent=%d accepted=%d answered-503=%d answered-409=%d unreachable=%d hung=%d counted=%d lost=%d double-counted=%d recovery=%dms%s%n",
                fault,
                load.sent(),
                load.accepted(),
                load.unavailable(),
                load.inProgress(),
                load.unreachable(),
                load.hung(),
                counted,
                lost,
                doubled,
                recoveryMillis,
                more.isEmpty() ? "" : " " + more);
        assertEquals(0, load.refused(), "valid registrations refused");
        assertEquals(requests, load.accepted(), "every request accepted in the end");
        assertEquals(0, lost, "registrations lost");
        assertEquals(0, doubled, "registrations counted twice");
        assertTopTensAreLatestAndAgreeWithCounts(harness);
    }

    private static void assertTopTensAreLatestAndAgreeWithCounts(RankerHarness harness) throws Exception {
        long maleVersion = harness.top10Version("male");
        long femaleVersion = harness.top10Version("female");
        Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
            String top10 = Http.get(harness.stack.url(Service.QUERY) + "/top10").body();
            assertTrue(
                    top10.contains("\"versions\":{\"male\":" + maleVersion + ",\"female\":" + femaleVersion + "}")
                            || top10.contains(
                                    "\"versions\":{\"female\":" + femaleVersion + ",\"male\":" + maleVersion + "}"),
                    "query-api has the latest versions " + maleVersion + "/" + femaleVersion + ": " + top10);
            String boys = top10.substring(top10.indexOf("\"boys\""), top10.indexOf("\"girls\""));
            String girls = top10.substring(top10.indexOf("\"girls\""), top10.indexOf("\"versions\""));
            assertAgreesWithCounts(harness, "male", entries(boys));
            assertAgreesWithCounts(harness, "female", entries(girls));
        });
        try (SseRecorder stream = SseRecorder.connect(harness.stack.url(Service.STREAM) + "/stream?types=top10")) {
            Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
                List<String> top10s = stream.events("top10").stream()
                        .map(SseRecorder.Received::data)
                        .toList();
                assertTrue(
                        top10s.stream()
                                .anyMatch(data -> data.contains("\"sex\":\"male\",\"version\":" + maleVersion + ",")),
                        "stream-api has the latest boys' version " + maleVersion + ": " + top10s);
                assertTrue(
                        top10s.stream()
                                .anyMatch(
                                        data -> data.contains("\"sex\":\"female\",\"version\":" + femaleVersion + ",")),
                        "stream-api has the latest girls' version " + femaleVersion + ": " + top10s);
            });
        }
    }

    /** Each listed count is the name's count, and no name outside the list has more than the last one. */
    private static void assertAgreesWithCounts(RankerHarness harness, String sex, Map<String, Long> listed)
            throws SQLException {
        List<Long> top = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(
                        harness.database.jdbcUrl(), harness.database.user(), harness.database.password());
                var query = c.prepareStatement(
                        "SELECT name, count FROM name_counts WHERE sex = ? AND count > 0 ORDER BY count DESC LIMIT 11")) {
            query.setString(1, sex);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                    top.add(rows.getLong(2));
                }
            }
        }
        assertEquals(Math.min(10, top.size()), listed.size(), sex + " top 10 size");
        long last = Long.MAX_VALUE;
        for (var entry : listed.entrySet()) {
            assertTrue(entry.getValue() <= last, "ordered by count");
            last = entry.getValue();
        }
        if (top.size() == 11) {
            assertTrue(last >= top.get(10), "no name outside the " + sex + " top 10 has a higher count");
        }
        for (var entry : listed.entrySet()) {
            Long count = counts.get(entry.getKey());
            if (count != null) {
                assertEquals(count, entry.getValue(), sex + " " + entry.getKey());
            }
        }
    }

    private static Map<String, Long> entries(String list) {
        Map<String, Long> entries = new LinkedHashMap<>();
        Matcher matcher = ENTRY.matcher(list);
        while (matcher.find()) {
            entries.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return entries;
    }

    private static long totalCounted(RankerHarness harness, Map<Sex, Map<String, Long>> expected) throws SQLException {
        long counted = 0;
        for (var bySex : expected.entrySet()) {
            counted +=
                    Registrations.counted(
                                    harness.database,
                                    bySex.getKey(),
                                    List.copyOf(bySex.getValue().keySet()))
                            .values()
                            .stream()
                            .mapToLong(Long::longValue)
                            .sum();
        }
        return counted;
    }

    private static long total(Map<Sex, Map<String, Long>> counts) {
        return counts.values().stream()
                .flatMap(byName -> byName.values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }
}
