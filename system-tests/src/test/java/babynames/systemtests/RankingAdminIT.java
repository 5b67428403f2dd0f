package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** ranking-service's one-off admin processes, run as the same jar with the same environment. */
class RankingAdminIT {
    @Test
    void importingTheSameFileTwiceCountsItOnce() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of());
        String first = TestNames.unique();
        String second = TestNames.unique();
        Path file = Files.createTempFile("ons", ".csv");
        Files.writeString(file, first + ",120\r\n" + second + ",80\r\n", StandardCharsets.UTF_8);
        try (var stack = harness.stack) {
            assertEquals(0, stack.rankingAdmin(List.of("migrate")));

            assertEquals(0, stack.rankingAdmin(List.of("import", file.toString(), "--sex", "female")));
            long versionAfterFirst = harness.top10Version("female");
            assertEquals(0, stack.rankingAdmin(List.of("import", file.toString(), "--sex", "female")));

            assertEquals(
                    Map.of(first, 120L, second, 80L),
                    Registrations.counted(harness.database, Sex.FEMALE, List.of(first, second)));
            assertEquals(1, versionAfterFirst);
            assertEquals(versionAfterFirst, harness.top10Version("female"), "a second import changes nothing");
        }
    }

    @Test
    void adminCommandsSayWhatWentWrongWithTheirExitCode() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of());
        Path bad = Files.createTempFile("ons", ".csv");
        Files.writeString(bad, "OLIVER,12\r\nR2D2,3\r\n", StandardCharsets.UTF_8);
        try (var stack = harness.stack) {
            assertEquals(2, stack.rankingAdmin(List.of("import", bad.toString(), "--sex", "robot")));
            assertEquals(1, stack.rankingAdmin(List.of("import", bad.toString(), "--sex", "male")));
            assertTrue(harness.log.stream().anyMatch(line -> line.contains("line 2: name must be letters")));
        }
    }

    @Test
    void rebuildingWhileTheRankerRunsGivesTheSameCountsAsTheLiveTables() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of());
        List<String> names = List.of(TestNames.unique(), TestNames.unique(), TestNames.unique());
        Path baseline = Files.createTempFile("ons", ".csv");
        Files.writeString(baseline, names.get(0) + ",1000\r\n", StandardCharsets.UTF_8);
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            assertEquals(0, stack.rankingAdmin(List.of("import", baseline.toString(), "--sex", "male")));
            Registrations.publish(harness.kafka(), harness.topics, names, Sex.MALE, 40);
            Map<String, Long> expected = Map.of(names.get(0), 1040L, names.get(1), 40L, names.get(2), 40L);
            Awaitility.await()
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> Registrations.counted(harness.database, Sex.MALE, names)
                            .equals(expected));
            Map<String, String> live = harness.allCounts();

            assertEquals(0, stack.rankingAdmin(List.of("rebuild")));

            assertEquals(live, harness.allCounts());
            assertEquals(
                    1040L,
                    Registrations.counted(harness.database, Sex.MALE, names).get(names.get(0)));
            Registrations.publish(harness.kafka(), harness.topics, names, Sex.MALE, 1);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Registrations.counted(harness.database, Sex.MALE, names)
                                    .get(names.get(2))
                            == 41);
        }
    }
}
