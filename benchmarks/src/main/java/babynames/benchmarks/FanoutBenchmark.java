package babynames.benchmarks;

import babynames.embedded.EmbeddedKafka;
import babynames.embedded.FreePorts;
import babynames.embedded.ScratchDirectory;
import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.localstack.ClassDataCache;
import babynames.localstack.JitMode;
import babynames.localstack.ServiceProcess;
import babynames.localstack.ServiceStack;
import babynames.testsupport.MetricsEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * SSE fan-out: one stream-api process (the service jar, the usual JVM flags) and ever more
 * clients, while registrations arrive at a steady rate. At each step it measures the delivery
 * latency (registration time, set by the publisher, to arrival at a client) over every event
 * every client got, and stops at the first step that does not hold: delivery p99 of 250 ms or
 * more, the server's resident memory at 256 MiB or more (its peak so far: the clients only grow),
 * a connection closed by the server, or no delivery at all.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar babynames.benchmarks.FanoutBenchmark
 * [--steps 1000,2500,5000,7500,10000,12500,15000] [--rates 10,2] [--seconds 15]}
 */
public final class FanoutBenchmark {
    private static final long P99_LIMIT_MS = 250;
    private static final long RSS_LIMIT_MIB = 256;

    private FanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int[] steps = Arrays.stream(options.getOrDefault("steps", "1000,2500,5000,7500,10000,12500,15000")
                        .split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int[] rates = Arrays.stream(options.getOrDefault("rates", "10,2").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
        Path root = ServiceStack.findRepoRoot();

        BenchResults.write(root, "fanout", measure(root, steps, rates, seconds));
    }

    /** One row per rate: the most clients one stream-api held (see {@link #holds}). */
    static List<BenchResults.Row> measure(Path root, int[] steps, int[] rates, int seconds) throws Exception {
        try (ScratchDirectory kafkaDir = ScratchDirectory.create("bench-kafka");
                EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir.path(), 0)) {
            TopicSetup.ensureTopics(
                    KafkaConnection.plaintext(kafka.bootstrapServers()), TopicNames.DEFAULT, 3, Duration.ofSeconds(30));
            List<BenchResults.Row> rows = new ArrayList<>();
            for (int rate : rates) {
                List<Map<String, Object>> results = new ArrayList<>();
                int held = measure(root, kafka.bootstrapServers(), rate, steps, seconds, results);
                rows.add(new BenchResults.Row(
                        "SSE fan-out at " + rate
                                + " registrations/s: concurrent clients one stream-api holds with delivery p99"
                                + " < 250 ms and RSS < 256 MiB",
                        held,
                        "clients",
                        "target",
                        10_000,
                        BenchResults.Goal.AT_LEAST,
                        1.0,
                        Map.of("eventsPerSecond", rate, "secondsPerStep", seconds, "steps", results)));
            }
            return rows;
        }
    }

    /** Steps up the clients of a fresh stream-api; returns the most it held. */
    private static int measure(
            Path root, String bootstrap, int rate, int[] steps, int seconds, List<Map<String, Object>> results)
            throws Exception {
        int port = FreePorts.next(1).get(0);
        ServiceProcess stream = ServiceProcess.start(
                "stream-api",
                root.resolve("stream-api/target/stream-api.jar"),
                List.of(),
                Map.of(
                        "PORT",
                        String.valueOf(port),
                        "KAFKA_BOOTSTRAP_SERVERS",
                        bootstrap,
                        // The curve goes past the default bound of one instance.
                        "SSE_MAX_CLIENTS",
                        "100000"),
                port,
                line -> {},
                ClassDataCache.off(),
                ServiceStack.Service.STREAM.jvm(JitMode.TIERED));
        int held = 0;
        try (stream;
                SseFleet fleet = new SseFleet("localhost", port, "/stream?types=baby");
                Registrations registrations = new Registrations(bootstrap, rate)) {
            stream.awaitReady(Duration.ofMinutes(1));
            // Warm-up (JIT, pools) with a few hundred clients, not measured.
            fleet.connect(Math.min(500, steps[0]));
            awaitConnected(stream, fleet.connections());
            awaitSent(registrations, registrations.sent() + rate * 10L);
            for (int clients : steps) {
                fleet.connect(clients - fleet.connections());
                awaitConnected(stream, clients);
                // Let the new connections settle, then measure a whole window.
                awaitSent(registrations, registrations.sent() + rate * 3L);
                fleet.drainSamples();
                long measuredFrom = registrations.sent();
                awaitSent(registrations, measuredFrom + (long) rate * seconds);
                long measuredTo = registrations.sent();
                awaitSent(registrations, registrations.sent() + rate); // the last events' delivery
                long[] latencies = fleet.drainSamples();
                Arrays.sort(latencies);
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("clients", clients);
                step.put("deliveries", latencies.length);
                step.put("expectedDeliveries", (long) clients * (measuredTo - measuredFrom));
                step.put("p50Ms", percentile(latencies, 0.50));
                step.put("p99Ms", percentile(latencies, 0.99));
                step.put("maxMs", latencies.length == 0 ? -1 : latencies[latencies.length - 1]);
                step.put("closedByServer", fleet.closedByServer());
                long peakRss = ProcessMemory.peakRssMiB(stream.pid());
                step.put("serverPeakRssMiB", peakRss);
                results.add(step);
                System.out.printf(Locale.ROOT, "[bench] fan-out at %d/s %s%n", rate, step);
                if (!holds(latencies.length, percentile(latencies, 0.99), peakRss, fleet.closedByServer())) {
                    break;
                }
                held = clients;
            }
        }
        return held;
    }

    /**
     * Whether a step held: SPEC's fan-out row asks for delivery p99 under 250 ms with RSS under
     * 256 MiB, and a server that closed a connection or delivered nothing did not hold its clients.
     */
    static boolean holds(int deliveries, long p99Ms, long peakRssMiB, long closedByServer) {
        return deliveries > 0
                && p99Ms < P99_LIMIT_MS
                && peakRssMiB >= 0
                && peakRssMiB < RSS_LIMIT_MIB
                && closedByServer == 0;
    }

    private static void awaitSent(Registrations registrations, long count) throws InterruptedException {
        while (registrations.sent() < count) {
            Thread.sleep(50); // a benchmark's pacing, not a test waiting on a condition
        }
    }

    /** Until stream-api counts this many clients (the connections are accepted and subscribed). */
    private static void awaitConnected(ServiceProcess stream, int clients) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (MetricsEndpoint.gauge(stream.url(), "babynames_stream_clients") == clients) {
                return;
            }
            Thread.sleep(200); // a benchmark's pacing, not a test waiting on a condition
        }
        throw new IllegalStateException("stream-api did not reach " + clients + " clients");
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    /** Registrations straight onto the topic at a steady rate, stamped with the time they are sent. */
    private static final class Registrations implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong sent = new AtomicLong();
        private final EventJson json = EventJson.createDefault();

        Registrations(String bootstrap, int perSecond) {
            this.producer = new KafkaProducer<>(
                    Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 0, "acks", "1"),
                    new StringSerializer(),
                    new ByteArraySerializer());
            scheduler.scheduleAtFixedRate(this::send, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        }

        long sent() {
            return sent.get();
        }

        private void send() {
            BabyRegistered event = BabyRegistered.of(UUID.randomUUID(), "OLIVIA", Sex.FEMALE, Instant.now());
            producer.send(new ProducerRecord<>(TopicNames.DEFAULT.registrations(), event.key(), json.write(event)));
            sent.incrementAndGet();
        }

        @Override
        public void close() {
            scheduler.shutdownNow();
            producer.close();
        }
    }
}
