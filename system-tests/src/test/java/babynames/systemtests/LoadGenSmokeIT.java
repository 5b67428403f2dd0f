package babynames.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.loadgen.LoadGen;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.MetricsEndpoint;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A short loadgen run against the four services: the books balance, and an SLO decides the exit code. */
class LoadGenSmokeIT {
    private static final Path OUT = Path.of("target", "loadgen");
    private static final String ACCEPTED = "babynames_registrations_accepted_total";
    private static ServiceStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = RankerHarness.runningStack();
    }

    @AfterAll
    static void stopTheSystem() {
        stack.close();
    }

    @Test
    void aShortRunBalancesTheBooksAndMeetsGenerousSlos() throws Exception {
        int exit = LoadGen.run(args("http.p99<2000ms,freshness.p99<3000ms,errors<1%,achieved>99%"));

        assertEquals(0, exit, "books balanced and SLOs met");
        try (Stream<Path> results = Files.list(OUT)) {
            List<String> files =
                    results.map(path -> path.getFileName().toString()).toList();
            assertTrue(files.stream().anyMatch(name -> name.endsWith(".json")), files.toString());
            assertTrue(files.stream().anyMatch(name -> name.endsWith(".html")), files.toString());
        }
    }

    /** The warm-up's registrations are in the books (all counted once) but not in the figures. */
    @Test
    void aWarmUpIsInTheBooksButNotInTheFigures() throws Exception {
        Path out = OUT.resolve("warm-up");
        List<String> args = new ArrayList<>(List.of(args("errors<1%")));
        args.set(args.indexOf("--out") + 1, out.toString());
        args.addAll(List.of("--warmup", "3s"));

        assertEquals(0, LoadGen.run(args.toArray(String[]::new)), "books balanced");
        Map<String, Object> report = report(out);
        Map<?, ?> books = (Map<?, ?>) report.get("books");
        // 40/s with a 2 s ramp over 3 s of warm-up and 6 s measured: 80 warm-up registrations, 320 in all.
        assertEquals(320, ((Number) books.get("offered")).longValue(), books.toString());
        assertEquals(80, ((Number) books.get("ofWhichWarmUp")).longValue(), books.toString());
        assertEquals(320, ((Number) books.get("accepted")).longValue(), books.toString());
        List<?> seconds = (List<?>) report.get("seconds");
        assertTrue(seconds.size() <= 6, "only measured seconds: " + seconds.size());
        Map<?, ?> figures = (Map<?, ?>) report.get("figures");
        assertEquals(40.0, ((Number) figures.get("offered.rate")).doubleValue(), 4.0, figures.toString());
    }

    /**
     * registration-service killed in the middle of a run and started again: every registration that
     * found it away (refused, or cut off before its answer, perhaps after Kafka took it) is sent
     * again with its key, so all are accepted and counted once, and none is left as failed.
     */
    @Test
    void aRegistrationServiceKilledMidRunLeavesNoRegistrationUnaccounted() throws Exception {
        Path out = OUT.resolve("registration-killed");
        List<String> args = new ArrayList<>(List.of(args("")));
        args.set(args.indexOf("--out") + 1, out.toString());
        args.set(args.indexOf("--duration") + 1, "12s");
        String registration = stack.url(Service.REGISTRATION);
        double acceptedBefore = MetricsEndpoint.gauge(registration, ACCEPTED);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return LoadGen.run(args.toArray(String[]::new));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        await().atMost(Duration.ofSeconds(60))
                .until(() -> MetricsEndpoint.gauge(registration, ACCEPTED) >= acceptedBefore + 40);
        stack.kill(Service.REGISTRATION);
        stack.start(Service.REGISTRATION).awaitReady(Duration.ofSeconds(60));

        assertEquals(0, run.get(3, TimeUnit.MINUTES), "books balanced");
        Map<?, ?> books = books(out);
        assertEquals(0, ((Number) books.get("failed")).longValue(), books.toString());
        assertEquals(books.get("offered"), books.get("accepted"), books.toString());
        assertTrue(((Number) books.get("retriedAfterNoAnswer")).longValue() > 0, books.toString());
    }

    @Test
    void aMissedSloIsAFailingExitCode() throws Exception {
        assertEquals(1, LoadGen.run(args("http.p99<0.001ms")));
    }

    @Test
    void aRunInWhichNothingIsAcceptedFailsEvenWithoutSlos() throws Exception {
        // query-api has no POST /baby: every registration is refused, so there are no books to balance.
        assertEquals(1, LoadGen.run(args("", stack.url(Service.QUERY))));
    }

    @Test
    void aWrongCommandLineIsExitCode2() throws Exception {
        assertEquals(2, LoadGen.run(new String[] {"--rate"}));
    }

    /** The JSON report of the last run written to {@code out} (its name is its time; a folder left by an earlier build holds older ones). */
    private static Map<String, Object> report(Path out) throws IOException {
        Path json;
        try (Stream<Path> results = Files.list(out)) {
            json = results.filter(path -> path.toString().endsWith(".json"))
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
        }
        return JsonMapper.createDefault()
                .readValue(Files.readAllBytes(json), Argument.mapOf(String.class, Object.class));
    }

    private static Map<?, ?> books(Path out) throws IOException {
        return (Map<?, ?>) report(out).get("books");
    }

    private static String[] args(String slo) {
        return args(slo, stack.url(Service.REGISTRATION));
    }

    private static String[] args(String slo, String registrationUrl) {
        return new String[] {
            "--registration-url",
            registrationUrl,
            "--stream-url",
            stack.url(Service.STREAM),
            "--ranking-url",
            stack.url(Service.RANKING),
            "--rate",
            "40/s",
            "--duration",
            "6s",
            "--ramp",
            "2s",
            "--subscribers",
            "3",
            "--settle",
            "30s",
            "--slo",
            slo,
            "--out",
            OUT.toString()
        };
    }
}
