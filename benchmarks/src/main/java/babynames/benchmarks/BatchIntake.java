package babynames.benchmarks;

import babynames.embedded.FreePorts;
import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.loadgen.ZipfNames;
import babynames.localstack.ClassDataCache;
import babynames.localstack.JvmSettings;
import babynames.localstack.ServiceProcess;
import babynames.localstack.ServiceStack.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Batch intake ({@code POST /babies}, 1,000 registrations a request, acknowledged by Kafka with
 * {@code acks=all} before the 202) against Kafka's own {@code ProducerPerformance} on the same
 * broker, with the same record size and {@code acks=all}. The registrations go to a
 * registration-service of their own on a topic prefix no ranker reads, as ProducerPerformance's
 * records have no consumer either.
 */
final class BatchIntake {
    private static final Pattern RECORDS_PER_SECOND = Pattern.compile("([0-9.]+) records/sec");
    private static final int BATCH = 1000;

    private BatchIntake() {}

    static BenchResults.Row measure(
            BenchStack stack, List<ZipfNames.Ranked> names, int runs, long producerRecords, Duration measured)
            throws Exception {
        ZipfNames zipf = new ZipfNames(names, 1.1, 11);
        List<byte[]> batches = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < BATCH; i++) {
                ZipfNames.Ranked pick = zipf.next();
                body.append(i == 0 ? "" : ",")
                        .append("{\"name\":\"")
                        .append(pick.name())
                        .append("\",\"sex\":\"")
                        .append(pick.sex().wireName())
                        .append("\"}");
            }
            body.append(']');
            batches.add(HttpBlaster.post(
                    "/babies", "application/json", body.toString().getBytes(StandardCharsets.UTF_8)));
        }
        int recordSize = meanRecordSize(new ZipfNames(names, 1.1, 13));
        String prefix = "bench-intake-";
        TopicSetup.ensureTopics(
                KafkaConnection.plaintext(stack.bootstrapServers()),
                TopicNames.withPrefix(prefix),
                3,
                Duration.ofSeconds(30));
        // The baseline's topic is made like the registrations topic (the same partitions and settings).
        TopicNames perfTopics = TopicNames.withPrefix("bench-producer-performance-");
        TopicSetup.ensureTopics(
                KafkaConnection.plaintext(stack.bootstrapServers()), perfTopics, 3, Duration.ofSeconds(30));

        int port = FreePorts.next();
        Map<String, String> env = new LinkedHashMap<>(stack.services().env(Service.REGISTRATION));
        env.put("PORT", String.valueOf(port));
        env.put("KAFKA_TOPIC_PREFIX", prefix);
        List<Double> figures = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        List<Object> sweeps = new ArrayList<>();
        int[] connections = {1, 2, 4};
        JvmSettings jvm = stack.services().jvm(Service.REGISTRATION);
        try (ServiceProcess intake = ServiceProcess.start(
                "registration-service",
                stack.services().jar(Service.REGISTRATION),
                List.of(),
                env,
                port,
                line -> {},
                ClassDataCache.off(),
                jvm)) {
            intake.awaitReady(Duration.ofMinutes(1));
            for (int run = 1; run <= runs; run++) {
                List<HttpBlaster.Result> sweep =
                        HttpBlaster.sweep("localhost", port, batches, connections, Duration.ofSeconds(3), measured);
                HttpBlaster.Result best = HttpBlaster.bestUnder(sweep, Double.MAX_VALUE);
                figures.add(best == null ? 0 : best.requestsPerSecond() * BATCH);
                double producer = producerPerformance(
                        stack.bootstrapServers(), perfTopics.registrations(), producerRecords, recordSize, jvm);
                baselines.add(producer);
                sweeps.add(sweep.stream().map(HttpBlaster.Result::toString).toList());
                System.out.printf(
                        Locale.ROOT,
                        "[bench] batch intake, run %d: %.0f registrations/s %s; ProducerPerformance %.0f records/s%n",
                        run,
                        figures.get(figures.size() - 1),
                        sweep,
                        producer);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("registrationsPerRequest", BATCH);
        details.put("rule", "best registrations/s over 1, 2 and 4 concurrent requests");
        details.put("recordSizeBytes", recordSize);
        details.put(
                "producerPerformance",
                "--num-records " + producerRecords + " --record-size " + recordSize
                        + " --throughput -1 --producer-props acks=all (its other settings default), same JVM flags as the services");
        details.put("sweeps", sweeps);
        return BenchResults.Row.paired(
                "batch intake (POST /babies, 1,000 per request)",
                figures,
                "registrations/s",
                "Kafka ProducerPerformance, same broker, same record size, acks=all",
                baselines,
                BenchResults.Goal.AT_LEAST,
                0.5,
                details);
    }

    /** The mean size of a registration record's value, as registration-service writes it. */
    private static int meanRecordSize(ZipfNames zipf) {
        EventJson json = EventJson.createDefault();
        long total = 0;
        int n = 1000;
        for (int i = 0; i < n; i++) {
            ZipfNames.Ranked pick = zipf.next();
            total += json.write(BabyRegistered.of(UUID.randomUUID(), pick.name(), pick.sex(), Instant.now())).length;
        }
        return (int) Math.round((double) total / n);
    }

    /** Runs Kafka's ProducerPerformance in a JVM of its own; its records/s (the summary is its last figure). */
    private static double producerPerformance(
            String bootstrap, String topic, long records, int recordSize, JvmSettings jvm) throws Exception {
        return ChildProcesses.lastFigure(
                "ProducerPerformance",
                ChildProcesses.java(
                        jvm.flags(),
                        "org.apache.kafka.tools.ProducerPerformance",
                        List.of(
                                "--topic",
                                topic,
                                "--num-records",
                                String.valueOf(records),
                                "--record-size",
                                String.valueOf(recordSize),
                                "--throughput",
                                "-1",
                                "--producer-props",
                                "bootstrap.servers=" + bootstrap,
                                "acks=all")),
                RECORDS_PER_SECOND);
    }
}
