package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.FreePorts;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.RankerGroup;
import babynames.testsupport.TestNames;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack as a small orchestrator, run as a user runs it: three rankers on their own
 * ports share the partitions, a ranker killed with -9 is started again and is ready, every
 * process compiles as {@code LOCAL_JIT} says, Ctrl-C leaves no process behind, and a database it
 * cannot reach or start stops it at once. It runs on JDK 25 where the machine has one
 * ({@link NewerJdk}), services and all, as the labs and the README's example run on the build's
 * JDK: the product is built on 17 and must run on both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    @TempDir
    static Path data;

    private static final Path JDK = NewerJdk.orThisJdk();

    private static LocalStackProcess stack;

    @BeforeAll
    static void startTheStack() {
        // C1 only, as a laptop may ask for it; the test checks that every process was started so.
        // No class-data cache: on JDK 25 the first stop would write six AOT caches (35 s here).
        stack = LocalStackProcess.start(
                JDK, data, Map.of("LOCAL_JIT", "c1", "LOCAL_CLASS_CACHE", "off"), List.of("--replicas", "ranking=3"));
    }

    @AfterAll
    static void stopTheStack() throws InterruptedException {
        stack.close();
    }

    @Test
    @Order(1)
    void threeRankersOnTheirOwnPortsShareThePartitions() {
        Map<String, LocalStackProcess.Listed> listed = stack.processes();
        assertEquals(
                Set.of(
                        "ranking-service-1",
                        "ranking-service-2",
                        "ranking-service-3",
                        "query-api-1",
                        "stream-api-1",
                        "registration-service-1"),
                listed.keySet());
        int first = listed.get("ranking-service-1").port();
        assertEquals(first + 100, listed.get("ranking-service-2").port());
        assertEquals(first + 200, listed.get("ranking-service-3").port());
        assertTrue(stack.console().stream()
                .anyMatch(line ->
                        line.contains("ranking-service-3") && line.contains("http://localhost:" + (first + 200))));

        awaitRankersEachWithAPartition(3);
        listed.forEach((name, process) -> {
            assertCompiledWithC1Only(name, process.pid());
            assertRunsOn(JDK, name, process.pid());
        });
    }

    @Test
    @Order(2)
    void aRankerKilledWithMinus9IsStartedAgainAndServes() throws Exception {
        long killed = stack.pid("ranking-service-2");
        int port = stack.processes().get("ranking-service-2").port();
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();

        stack.awaitConsole("ranking-service-2 (pid " + killed + ") exited with code 137", Duration.ofSeconds(30));
        stack.awaitConsole("ranking-service-2 is back", Duration.ofMinutes(2));
        long restarted = stack.pid("ranking-service-2");
        assertNotEquals(killed, restarted);
        assertEquals(restarted, stack.processes().get("ranking-service-2").pid());
        assertCompiledWithC1Only("ranking-service-2", restarted);
        assertEquals(
                200, Http.get("http://localhost:" + port + "/health/readiness").statusCode());
        awaitRankersEachWithAPartition(3);

        String name = TestNames.unique();
        HttpResponse<String> accepted = Http.postUntilAnswered(
                stack.url(Service.REGISTRATION) + "/baby", "{\"name\":\"" + name + "\",\"sex\":\"male\"}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String ranking =
                    Http.get(stack.url(Service.RANKING) + "/names/male/" + name).body();
            assertTrue(ranking.contains("\"count\":1"), ranking);
        });
    }

    @Test
    @Order(3)
    void ctrlCStopsEveryProcessAndClearsTheTable() throws Exception {
        int before = stack.console().size();
        List<Long> pids = stack.processes().values().stream()
                .map(LocalStackProcess.Listed::pid)
                .toList();

        assertEquals(143, stack.stop(Duration.ofMinutes(1)), "the exit code of a JVM that SIGTERM stopped");
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
        }
        assertFalse(Files.exists(data.resolve("processes")));
        assertTrue(
                stack.console().subList(before, stack.console().size()).stream()
                        .noneMatch(line -> line.contains("starting it again")),
                "nothing restarted while stopping");
    }

    @Test
    @Order(4)
    void aDatabaseItCannotReachStopsItAtOnceNamingTheUrl(@TempDir Path elsewhere) throws Exception {
        String url = "jdbc:postgresql://localhost:" + FreePorts.next() + "/babynames"; // nothing listens
        LocalStackProcess failed = LocalStackProcess.runUntilExit(
                JDK, elsewhere.resolve("data"), Map.of("DB_URL", url), Duration.ofMinutes(2));

        assertEquals(1, failed.exitCode(), String.join("\n", failed.console()));
        assertTrue(
                failed.console().stream()
                        .anyMatch(line -> line.contains("ranking-service migrate failed") && line.contains(url)),
                String.join("\n", failed.console()));
    }

    @Test
    @Order(5)
    void anEmbeddedDatabaseThatCannotStartStopsTheBrokerAndTheStack(@TempDir Path elsewhere) throws Exception {
        Path data = elsewhere.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("postgres"), "a file where its data directory goes");
        LocalStackProcess failed = LocalStackProcess.runUntilExit(JDK, data, Map.of(), Duration.ofMinutes(2));

        assertEquals(1, failed.exitCode(), String.join("\n", failed.console()));
        assertTrue(
                failed.console().stream()
                        .anyMatch(line -> line.contains("The embedded PostgreSQL did not start")
                                && line.contains(data.resolve("postgres").toString())),
                String.join("\n", failed.console()));
    }

    private static void assertCompiledWithC1Only(String name, long pid) {
        List<String> arguments = ProcessHandle.of(pid)
                .flatMap(process -> process.info().arguments())
                .map(List::of)
                .orElseThrow(() -> new AssertionError("no command line for " + name + " (pid " + pid + ")"));
        assertTrue(arguments.contains("-XX:TieredStopAtLevel=1"), name + ": " + arguments);
    }

    private static void assertRunsOn(Path javaHome, String name, long pid) {
        String command = ProcessHandle.of(pid)
                .flatMap(process -> process.info().command())
                .orElseThrow(() -> new AssertionError("no command for " + name + " (pid " + pid + ")"));
        assertTrue(Path.of(command).startsWith(javaHome), name + " runs " + command + ", not " + javaHome);
    }

    private static void awaitRankersEachWithAPartition(int rankers) {
        RankerGroup.awaitEachWithAPartition(
                stack.kafkaBootstrapServers(), "ranking-service", rankers, Duration.ofMinutes(1));
    }
}
