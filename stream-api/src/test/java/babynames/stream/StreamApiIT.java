package babynames.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.RankedName;
import babynames.events.Sex;
import babynames.events.Top10Changed;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.testsupport.BackingServices;
import babynames.testsupport.SseRecorder;
import babynames.testsupport.SseRecorder.Received;
import babynames.testsupport.TestNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** GET /stream against a real broker, each test on topics of its own (a unique prefix). */
class StreamApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EventJson JSON = EventJson.createDefault();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aNewClientGetsTheLatestTop10sThenLiveRegistrationsAndKeepAlives() throws Exception {
        try (Stream stream = Stream.start(Map.of("babynames.stream.keep-alive-interval", "200ms"))) {
            try (var producer = stream.producer()) {
                stream.send(producer, top10(Sex.FEMALE, 7, "OLIVIA"));
            }
            stream.awaitReady();
            try (SseRecorder client = SseRecorder.connect(stream.url("/stream"))) {
                Awaitility.await()
                        .atMost(WAIT)
                        .until(() -> client.events("top10").size() == 1);
                assertTrue(client.events("top10").get(0).data().contains("\"version\":7"));
                Awaitility.await().atMost(WAIT).until(() -> client.comments().contains("keep-alive"));
                assertTrue(stream.get("/prometheus").contains("babynames_stream_clients 1.0"));

                String name = TestNames.unique();
                try (var producer = stream.producer()) {
                    stream.send(producer, baby(name));
                }

                Awaitility.await()
                        .atMost(WAIT)
                        .until(() -> client.events("baby").stream()
                                .anyMatch(event -> event.data().contains(name)));
            }
        }
    }

    @Test
    void aClientThatResumesGetsEveryEventOnceAcrossPartitions() throws Exception {
        int total = 900;
        try (Stream stream = Stream.start(Map.of())) {
            stream.awaitReady();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                sent.add(TestNames.unique());
            }
            // Three sessions, each cut off while registrations keep coming: Last-Event-ID, then ?from=.
            SseRecorder firstClient = SseRecorder.connect(stream.url("/stream"));
            Awaitility.await().atMost(WAIT).until(firstClient::connected);
            AtomicInteger published = new AtomicInteger();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                try (var producer = stream.producer()) {
                    for (String name : sent) {
                        stream.send(producer, baby(name));
                        published.incrementAndGet();
                        Thread.sleep(3);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            List<Received> received = new ArrayList<>();
            List<Received> first = session(firstClient, 100);
            received.addAll(first);
            Awaitility.await().atMost(WAIT).until(() -> published.get() >= 400);
            List<Received> second = session(SseRecorder.resume(stream.url("/stream"), lastId(first)), 200);
            received.addAll(second);
            Awaitility.await().atMost(WAIT).until(() -> published.get() >= 700);
            try (SseRecorder third = SseRecorder.connect(stream.url("/stream?from=" + lastId(second)))) {
                Awaitility.await()
                        .atMost(WAIT)
                        .until(() -> producing.isDone()
                                && received.size() + third.events("baby").size() >= total);
                Thread.yield();
                received.addAll(third.events("baby"));
            }

            List<String> names = received.stream().map(StreamApiIT::nameOf).toList();
            assertEquals(total, names.size(), "events received over the three sessions");
            assertEquals(new HashSet<>(sent), new HashSet<>(names), "every registration, none twice");
            Set<Integer> partitions = new HashSet<>();
            received.forEach(event -> partitions.add(partitionOf(event, stream)));
            assertEquals(3, partitions.size(), "the registrations came from all three partitions");
            // The second session always missed events; the third may have had none left to miss.
            assertTrue(stream.metric("babynames_stream_replays_total{outcome=\"replayed\"}") >= 1.0);
        }
    }

    @Test
    void aPositionKafkaNoLongerHasGetsAGapEventThenLiveEvents() throws Exception {
        try (Stream stream = Stream.start(Map.of())) {
            stream.awaitReady();
            String oldId = registeredOnPartition0(stream, 5).get(0).id();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stream.bootstrap))) {
                admin.deleteRecords(Map.of(
                                new TopicPartition(stream.topics.registrations(), 0), RecordsToDelete.beforeOffset(5)))
                        .all()
                        .get();
            }

            try (SseRecorder client = SseRecorder.resume(stream.url("/stream"), oldId);
                    var producer = stream.producer()) {
                Awaitility.await().atMost(WAIT).until(() -> !client.events().isEmpty());
                String name = TestNames.unique();
                stream.send(producer, baby(name), 0);
                Awaitility.await().atMost(WAIT).until(() -> client.events().size() == 2);

                Received gap = client.events().get(0);
                assertEquals("gap", gap.type());
                assertTrue(StreamCursor.decode(gap.id()).isPresent(), gap.id());
                assertEquals(name, nameOf(client.events().get(1)));
            }
            assertTrue(stream.get("/prometheus").contains("babynames_stream_replays_total{outcome=\"gap\"} 1.0"));
        }
    }

    @Test
    void aResumeFromFurtherBackThanTheReplayDistanceGetsAGapThenLiveEvents() throws Exception {
        try (Stream stream = Stream.start(Map.of("babynames.stream.max-replay-events", "5"))) {
            stream.awaitReady();
            List<Received> registered = registeredOnPartition0(stream, 8);
            String firstId = registered.get(0).id();
            String liveId = registered.get(registered.size() - 1).id();

            try (SseRecorder client = SseRecorder.resume(stream.url("/stream"), firstId);
                    var producer = stream.producer()) {
                Awaitility.await().atMost(WAIT).until(() -> !client.events().isEmpty());
                String name = TestNames.unique();
                stream.send(producer, baby(name), 0);
                Awaitility.await().atMost(WAIT).until(() -> client.events().size() == 2);

                Received gap = client.events().get(0);
                assertEquals("gap", gap.type());
                assertEquals(liveId, gap.id(), "the gap continues from the live position, not from the old one");
                assertTrue(gap.data().contains("more than 5 events"), gap.data());
                assertEquals(name, nameOf(client.events().get(1)));
            }
        }
    }

    @Test
    void aBadFilterOrPositionIsA400ProblemAndEveryAnswerCarriesTheCorrelationId() throws Exception {
        try (Stream stream = Stream.start(Map.of())) {
            stream.awaitReady();
            for (String query : List.of("?from=r1.x", "?types=babies", "?sex=other")) {
                HttpResponse<String> refused = HTTP.send(
                        HttpRequest.newBuilder(URI.create(stream.url("/stream" + query)))
                                .header("X-Correlation-ID", "it-bad-" + query.length())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                assertEquals(400, refused.statusCode(), query);
                assertEquals(
                        "application/problem+json",
                        refused.headers().firstValue("Content-Type").orElse(""));
                assertTrue(refused.body().contains("\"status\":400"), refused.body());
                assertEquals(
                        "it-bad-" + query.length(),
                        refused.headers().firstValue("X-Correlation-ID").orElse(null));
            }
            HttpResponse<java.io.InputStream> accepted = HTTP.send(
                    HttpRequest.newBuilder(URI.create(stream.url("/stream")))
                            .header("X-Correlation-ID", "it-good")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var body = accepted.body()) {
                assertEquals(200, accepted.statusCode());
                assertEquals(
                        "text/event-stream",
                        accepted.headers().firstValue("Content-Type").orElse(""));
                assertEquals(
                        "it-good",
                        accepted.headers().firstValue("X-Correlation-ID").orElse(null));
            }
        }
    }

    @Test
    void beyondItsClientLimitTheStreamAnswers503WithRetryAfter() throws Exception {
        try (Stream stream = Stream.start(Map.of("babynames.stream.max-clients", "2"))) {
            stream.awaitReady();
            try (SseRecorder first = SseRecorder.connect(stream.url("/stream"));
                    SseRecorder second = SseRecorder.connect(stream.url("/stream"))) {
                Awaitility.await().atMost(WAIT).until(() -> first.connected() && second.connected());

                HttpResponse<String> refused = HTTP.send(
                        HttpRequest.newBuilder(URI.create(stream.url("/stream")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                assertEquals(503, refused.statusCode());
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
                assertEquals(
                        "application/problem+json",
                        refused.headers().firstValue("Content-Type").orElse(""));
                assertTrue(refused.body().contains("too-many-clients"), refused.body());
                assertEquals(1.0, stream.metric("babynames_stream_refused_total"));
            }
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> stream.get("/prometheus").contains("babynames_stream_clients 0.0"));
            try (SseRecorder again = SseRecorder.connect(stream.url("/stream"))) {
                Awaitility.await().atMost(WAIT).until(again::connected);
            }
        }
    }

    @Test
    void aStalledClientOverflowsWhileAnotherKeepsReceivingEveryEvent() throws Exception {
        // The stalled client reads only after the other has everything: on a slow machine that can
        // be longer than the default grace, after which its connection would close unread.
        Map<String, Object> smallBuffers = Map.of(
                "babynames.stream.ending-grace", "10m",
                "babynames.stream.client-buffer", "50",
                "micronaut.server.netty.child-options.SO_SNDBUF", "4096");
        try (Stream stream = Stream.start(smallBuffers);
                Socket stalled = new Socket()) {
            stream.awaitReady();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("localhost", stream.server.getPort()));
            OutputStream request = stalled.getOutputStream();
            request.write("GET /stream HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> stream.get("/prometheus").contains("babynames_stream_clients 1.0"));

            int total = 3000;
            try (SseRecorder reader = SseRecorder.connect(stream.url("/stream"));
                    var producer = stream.producer()) {
                Awaitility.await().atMost(WAIT).until(reader::connected);
                for (int i = 0; i < total; i++) {
                    stream.send(producer, baby(TestNames.unique()));
                }
                long sentAll = System.nanoTime();
                Awaitility.await()
                        .atMost(WAIT)
                        .until(() -> reader.events("baby").size() == total);
                long lastArrivedMillis = (System.nanoTime() - sentAll) / 1_000_000;
                assertTrue(
                        lastArrivedMillis < 5_000,
                        "the reading client got everything " + lastArrivedMillis + " ms after the last send");
                assertTrue(stream.get("/prometheus").contains("babynames_stream_overflows_total 1.0"));
            }

            // Once it reads again, it gets what was in flight, then the overflow event, then the end.
            String stalledGot = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int lastEvent = stalledGot.lastIndexOf("event: ");
            assertTrue(stalledGot.startsWith("event: overflow", lastEvent), stalledGot.substring(lastEvent));
            assertTrue(
                    stalledGot.split("event: baby").length < total / 2,
                    "the stalled client got only what was in flight");
        }
    }

    @Test
    void aThousandClientsAllReceiveAnEvent() throws Exception {
        try (Stream stream = Stream.start(Map.of())) {
            stream.awaitReady();
            List<SseRecorder> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    clients.add(SseRecorder.connect(stream.url("/stream?types=baby")));
                }
                Awaitility.await()
                        .atMost(WAIT)
                        .until(() -> stream.get("/prometheus").contains("babynames_stream_clients 1000.0"));
                String name = TestNames.unique();
                try (var producer = stream.producer()) {
                    stream.send(producer, baby(name));
                }
                Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                    long got = clients.stream()
                            .filter(client -> client.events("baby").size() == 1)
                            .count();
                    long connected =
                            clients.stream().filter(SseRecorder::connected).count();
                    assertEquals(1000, got, got + " of 1000 clients got the event; " + connected + " connected");
                });
                assertTrue(clients.stream()
                        .allMatch(client -> nameOf(client.events("baby").get(0)).equals(name)));
            } finally {
                clients.forEach(SseRecorder::close);
            }
        }
    }

    @Test
    void onShutdownEveryClientIsToldToReconnect() throws Exception {
        Stream stream = Stream.start(Map.of());
        stream.awaitReady();
        try (SseRecorder client = SseRecorder.connect(stream.url("/stream"))) {
            Awaitility.await().atMost(WAIT).until(client::connected);

            stream.close();

            Awaitility.await().atMost(WAIT).until(client::ended);
            List<Received> events = client.events();
            assertEquals("reconnect", events.get(events.size() - 1).type());
        }
    }

    private static List<Received> session(SseRecorder client, int atLeast) {
        try (client) {
            Awaitility.await().atMost(WAIT).until(() -> client.events("baby").size() >= atLeast);
        }
        return client.events("baby");
    }

    private static String lastId(List<Received> events) {
        return events.get(events.size() - 1).id();
    }

    private static String nameOf(Received event) {
        try {
            return JSON.read(event.data().getBytes(StandardCharsets.UTF_8), StreamPayloads.Baby.class)
                    .name();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int partitionOf(Received event, Stream stream) {
        return stream.partitionOf.get(nameOf(event));
    }

    /** Registers {@code count} names on partition 0 and returns their events, as a client saw them. */
    private static List<Received> registeredOnPartition0(Stream stream, int count) throws Exception {
        try (SseRecorder client = SseRecorder.connect(stream.url("/stream"));
                var producer = stream.producer()) {
            for (int i = 0; i < count; i++) {
                stream.send(producer, baby(TestNames.unique()), 0);
            }
            Awaitility.await().atMost(WAIT).until(() -> client.events("baby").size() == count);
            return client.events("baby");
        }
    }

    private static BabyRegistered baby(String name) {
        return BabyRegistered.of(UUID.randomUUID(), name, Sex.MALE, Instant.now());
    }

    private static Top10Changed top10(Sex sex, long version, String name) {
        return Top10Changed.of(sex, version, List.of(new RankedName(1, name, 3)), Instant.now(), "test");
    }

    /** A stream-api on topics of its own, and a way to write to them. */
    private static final class Stream implements AutoCloseable {
        final String bootstrap = BackingServices.shared().kafkaBootstrapServers();
        final TopicNames topics;
        final EmbeddedServer server;
        final Map<String, Integer> partitionOf = new java.util.concurrent.ConcurrentHashMap<>();
        private boolean closed;

        private Stream(TopicNames topics, EmbeddedServer server) {
            this.topics = topics;
            this.server = server;
        }

        static Stream start(Map<String, Object> properties) {
            String prefix = TestNames.unique().toLowerCase() + ".";
            TopicNames topics = TopicNames.withPrefix(prefix);
            String bootstrap = BackingServices.shared().kafkaBootstrapServers();
            TopicSetup.ensureTopics(KafkaConnection.plaintext(bootstrap), topics, 3, Duration.ofSeconds(30));
            Map<String, Object> all = new HashMap<>(properties);
            all.put("babynames.kafka.bootstrap-servers", bootstrap);
            all.put("babynames.kafka.topic-prefix", prefix);
            all.put("micronaut.server.port", "-1");
            return new Stream(topics, ApplicationContext.run(EmbeddedServer.class, all));
        }

        void awaitReady() {
            Awaitility.await().atMost(WAIT).until(() -> status("/health/readiness") == 200);
        }

        String url(String path) {
            return server.getURL() + path;
        }

        KafkaProducer<String, byte[]> producer() {
            return new KafkaProducer<>(
                    Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 0),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }

        void send(KafkaProducer<String, byte[]> producer, BabyRegistered event) throws Exception {
            var metadata = producer.send(new ProducerRecord<>(topics.registrations(), event.key(), JSON.write(event)))
                    .get();
            partitionOf.put(event.name(), metadata.partition());
        }

        void send(KafkaProducer<String, byte[]> producer, BabyRegistered event, int partition) throws Exception {
            producer.send(new ProducerRecord<>(topics.registrations(), partition, event.key(), JSON.write(event)))
                    .get();
        }

        void send(KafkaProducer<String, byte[]> producer, Top10Changed event) throws Exception {
            producer.send(new ProducerRecord<>(
                            topics.top10Changed(), event.sex().wireName(), JSON.write(event)))
                    .get();
        }

        double metric(String series) throws Exception {
            return get("/prometheus")
                    .lines()
                    .filter(line -> line.startsWith(series + " "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                    .findFirst()
                    .orElse(0);
        }

        String get(String path) throws Exception {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }

        int status(String path) throws Exception {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url(path))).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                server.getApplicationContext().close();
            }
        }
    }
}
