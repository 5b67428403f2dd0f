package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.SseRecorder;
import babynames.testsupport.SseRecorder.Received;
import babynames.testsupport.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many browsers coming back at once: while registrations flow through {@code POST /baby}, 200
 * clients resume concurrently from ids a witness client was sent (retrying a 503 as the live page
 * does). Each must end with exactly the witness's events after its id: none missing, none twice,
 * every partition in order.
 */
class StreamResumeIT {
    private static final int CLIENTS = 200;
    private static final int PER_SECOND = 200;
    private static final Duration WAIT = Duration.ofSeconds(60);
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
    void clientsResumingTogetherFromIdsTheyWereGivenEachGetExactlyTheEventsAfterThem() throws Exception {
        String url = stack.url(Service.STREAM) + "/stream";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add(TestNames.unique());
        }
        List<Browser> clients = new ArrayList<>();
        ExecutorService connecting = Executors.newFixedThreadPool(CLIENTS);
        try (SseRecorder witness = SseRecorder.connect(url);
                SteadyLoad load = new SteadyLoad(stack.url(Service.REGISTRATION), names)) {
            Awaitility.await().atMost(WAIT).until(witness::connected);
            load.start(PER_SECOND);
            load.awaitMore(3 * PER_SECOND);

            List<String> given = witness.events().stream()
                    .map(Received::id)
                    .filter(id -> id != null)
                    .toList();
            Random random = new Random(given.size());
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new Browser(url, given.get(random.nextInt(given.size())), connecting));
            }
            load.awaitMore(2 * PER_SECOND);
            load.stopArrivals();
            Awaitility.await().atMost(WAIT).until(load::allAccepted);

            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                List<String> behind = new ArrayList<>();
                for (Browser client : clients) {
                    client.reconnectIfEnded();
                    if (!witness.lastEventId().equals(client.lastEventId())) {
                        behind.add(client.toString());
                    }
                }
                assertEquals(List.of(), behind, "behind the witness at " + witness.lastEventId());
            });
            List<Position> seen = Position.of(witness.events().get(0).id(), witness.events());
            for (Browser client : clients) {
                StreamId start = StreamId.parse(client.from);
                List<Position> got = Position.of(client.from, client.events());
                Set<Position> expected = new HashSet<>();
                for (Position position : seen) {
                    if (position.offset() >= start.next(position.feed(), position.partition())) {
                        expected.add(position);
                    }
                }
                assertEquals(got.size(), new HashSet<>(got).size(), client + " got an event twice");
                assertEquals(expected, new HashSet<>(got), client.toString());
            }
        } finally {
            clients.forEach(Browser::close);
            connecting.shutdownNow();
        }
    }

    /**
     * A client that behaves like the live page: it resumes from the id it was given, tries again a
     * second after a 503, and whenever the server ends its stream (an {@code overflow}, a
     * {@code reconnect}) resumes from the last id it saw.
     */
    private static final class Browser {
        final String url;
        final String from;
        private final ExecutorService connecting;
        private final List<Received> earlier = new ArrayList<>();
        private volatile SseRecorder current;
        private CompletableFuture<Void> connected;
        private int reconnects;

        Browser(String url, String from, ExecutorService connecting) {
            this.url = url;
            this.from = from;
            this.connecting = connecting;
            connect(from);
        }

        private void connect(String id) {
            connected = CompletableFuture.supplyAsync(() -> resume(url, id), connecting)
                    .thenAccept(client -> current = client);
        }

        synchronized void reconnectIfEnded() {
            if (connected.isDone() && current.ended()) {
                earlier.addAll(current.events());
                current.close();
                reconnects++;
                connect(lastEventId());
            }
        }

        synchronized List<Received> events() {
            List<Received> all = new ArrayList<>(earlier);
            if (connected.isDone()) {
                all.addAll(current.events());
            }
            return all;
        }

        String lastEventId() {
            String last = from;
            for (Received event : events()) {
                if (event.id() != null) {
                    last = event.id();
                }
            }
            return last;
        }

        void close() {
            if (current != null) {
                current.close();
            }
        }

        @Override
        public String toString() {
            return "client from " + from + " at " + lastEventId() + " after " + events().size() + " events and "
                    + reconnects + " reconnects";
        }
    }

    /** Resumes from {@code id}, as the live page does: after a refusal (503), again a second later. */
    private static SseRecorder resume(String url, String id) {
        while (true) {
            SseRecorder client = SseRecorder.resume(url, id);
            Awaitility.await().atMost(WAIT).until(() -> client.status() != 0);
            if (client.status() == 200) {
                return client;
            }
            assertEquals(503, client.status(), "a resume was answered neither 200 nor 503");
            client.close();
            Awaitility.await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        }
    }

    /** A stream id ({@code r12.0.7t3.1}): per topic, the next offset of every partition. */
    record StreamId(long[] registrations, long[] top10) {
        static StreamId parse(String id) {
            int t = id.indexOf('t');
            return new StreamId(offsets(id.substring(1, t)), offsets(id.substring(t + 1)));
        }

        long next(char feed, int partition) {
            long[] offsets = feed == 'r' ? registrations : top10;
            return partition < offsets.length ? offsets[partition] : 0;
        }

        private static long[] offsets(String text) {
            return text.isEmpty()
                    ? new long[0]
                    : java.util.Arrays.stream(text.split("\\."))
                            .mapToLong(Long::parseLong)
                            .toArray();
        }
    }

    /** The record an event came from, known by how its id moved on from the one before. */
    record Position(char feed, int partition, long offset) {

        /**
         * The records of these events, read one after the other from {@code startId}. Each id must
         * move exactly one partition on by exactly one record (anything else is a gap, a duplicate
         * or a step back); an event whose id does not move is a new client's snapshot, and has none.
         */
        static List<Position> of(String startId, List<Received> events) {
            List<Position> positions = new ArrayList<>();
            String beforeId = startId;
            StreamId before = StreamId.parse(startId);
            for (Received event : events) {
                if (event.id() == null) {
                    continue;
                }
                StreamId after = StreamId.parse(event.id());
                List<Position> moved = new ArrayList<>();
                for (char feed : new char[] {'r', 't'}) {
                    int partitions = Math.max(
                            (feed == 'r' ? after.registrations() : after.top10()).length,
                            (feed == 'r' ? before.registrations() : before.top10()).length);
                    for (int p = 0; p < partitions; p++) {
                        long step = after.next(feed, p) - before.next(feed, p);
                        if (step != 0) {
                            if (step != 1) {
                                String from = beforeId;
                                throw new AssertionError("from " + from + " to " + event.id() + ": a step of " + step);
                            }
                            moved.add(new Position(feed, p, before.next(feed, p)));
                        }
                    }
                }
                if (moved.size() > 1) {
                    throw new AssertionError("one event moved several partitions: " + event.id());
                }
                positions.addAll(moved);
                before = after;
                beforeId = event.id();
            }
            return positions;
        }
    }
}
