package babynames.stream;

import static org.awaitility.Awaitility.await;

import babynames.events.Sex;
import babynames.support.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Model-based: the broadcaster, its client streams and the replayer, against a modelled log that
 * a feed thread appends to (and retention trims) while client threads join, resume from ids they
 * or others were sent, read at their own pace (or not at all, until they overflow) and hang up, in
 * whatever interleaving the threads fall into. What is real is everything between the feed and
 * the bytes a client is sent; the log is a model, so each try runs in milliseconds.
 *
 * <p>Every connection's history is then checked against the log: each event at most once, every
 * partition in order with no hole, each id exactly the cursor after its event, ids never going
 * back, a {@code gap} only when the log or a bound gave cause, and a connection still open at the
 * end holding everything up to the feed's last position: a resume from any id yields exactly the
 * events after it.
 */
class StreamResumeModelTest {
    private static final int REGISTRATION_PARTITIONS = 3;
    private static final int TOP10_PARTITIONS = 2;
    private static final StreamCursor START =
            StreamCursor.of(new long[REGISTRATION_PARTITIONS], new long[TOP10_PARTITIONS]);
    private static final StreamSettings SETTINGS = new StreamSettings(
            Duration.ofHours(1), 24, 1 << 20, 65536, Duration.ofSeconds(5), 8, 2, 3, 60, Duration.ofSeconds(10));
    private static final StreamFilter ALL = StreamFilter.parse(null, null);
    private static final Pattern DATA = Pattern.compile("\\{\"f\":\"(\\w)\",\"p\":(\\d+),\"o\":(\\d+)}");

    sealed interface FeedStep {}

    /** A record is appended to the partition and handed to the broadcaster. */
    record Publish(Feed feed, int partition) implements FeedStep {}

    /** Retention deletes the partition's oldest records, up to {@code percent} of what it holds. */
    record Trim(Feed feed, int partition, int percent) implements FeedStep {}

    sealed interface ClientStep {}

    /** A new client (this thread's previous connection, if any, hangs up first). */
    record Join() implements ClientStep {}

    /** A reconnect with an id some connection was sent ({@code pick} chooses which). */
    record ResumeFromSeen(int pick) implements ClientStep {}

    /** A reconnect from the beginning of the log. */
    record ResumeFromStart() implements ClientStep {}

    /** A reconnect with a {@code Last-Event-ID} that is not a position of this stream. */
    record ResumeUnknown() implements ClientStep {}

    /** The client reads {@code frames} more writes. */
    record Read(int frames) implements ClientStep {}

    /** The client hangs up. */
    record HangUp() implements ClientStep {}

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void everyConnectionGetsExactlyTheEventsAfterWhereItStarted(
            @ForAll("feed") List<FeedStep> feed, @ForAll("clients") List<List<ClientStep>> clients) throws Exception {
        ModelLog log = new ModelLog();
        StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
        Replayer replayer = new Replayer(SETTINGS, log, metrics);
        Broadcaster broadcaster = new Broadcaster(SETTINGS, 2, metrics, replayer, new SimpleMeterRegistry());
        try {
            broadcaster.moveTo(START);
            broadcaster.openToClients();
            List<Connection> connections = new CopyOnWriteArrayList<>();
            List<String> seenIds = new CopyOnWriteArrayList<>();
            CyclicBarrier go = new CyclicBarrier(clients.size() + 1);
            List<Thread> threads = new ArrayList<>();
            threads.add(thread(() -> {
                awaitBarrier(go);
                for (FeedStep step : feed) {
                    log.apply(step, broadcaster);
                }
            }));
            for (List<ClientStep> script : clients) {
                threads.add(thread(() -> {
                    awaitBarrier(go);
                    runClient(script, broadcaster, connections, seenIds);
                }));
            }
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            if (!threadFailures.isEmpty()) {
                throw new AssertionError("a feed or client thread failed", threadFailures.get(0));
            }

            // One last record on every partition: every connection still open must get to it.
            for (Feed f : Feed.values()) {
                for (int p = 0; p < START.partitions(f); p++) {
                    log.apply(new Publish(f, p), broadcaster);
                }
            }
            connections.forEach(Connection::readEverything);
            StreamCursor end = log.end();
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(5))
                    .untilAsserted(() -> {
                        for (Connection connection : connections) {
                            if (!connection.ended() && !end.equals(connection.lastCursor())) {
                                throw new AssertionError("not at the end of the log (" + end + "): " + connection);
                            }
                        }
                    });
            for (Connection connection : connections) {
                connection.check(log, end);
            }
        } finally {
            broadcaster.stop();
            replayer.stop();
        }
    }

    private static void runClient(
            List<ClientStep> script, Broadcaster broadcaster, List<Connection> connections, List<String> seenIds) {
        Connection current = null;
        for (ClientStep step : script) {
            if (step instanceof Read read) {
                if (current != null) {
                    current.read(read.frames());
                }
                continue;
            }
            if (current != null) {
                current.hangUp();
                current = null;
            }
            String lastEventId;
            if (step instanceof Join) {
                lastEventId = null;
            } else if (step instanceof ResumeFromSeen seen) {
                lastEventId = seenIds.isEmpty() ? START.encode() : seenIds.get(seen.pick() % seenIds.size());
            } else if (step instanceof ResumeFromStart) {
                lastEventId = START.encode();
            } else if (step instanceof ResumeUnknown) {
                lastEventId = "not-an-id";
            } else {
                continue;
            }
            try {
                Resume resume = Resume.of(lastEventId, null);
                Connection connection = new Connection(resume, seenIds);
                ClientStream stream = broadcaster.open(ALL, resume, "model");
                connection.stream = stream;
                stream.subscribe(connection);
                connections.add(connection);
                current = connection;
            } catch (ProblemException refused) {
                // A bound of the instance (clients, queued replays): the client would retry later.
            }
        }
    }

    // --- the modelled log

    /** The topics' partitions as lists of events, the oldest of which retention may have deleted. */
    private static final class ModelLog implements EventLog {
        private final Map<Feed, List<List<StreamEvent>>> partitions = new EnumMap<>(Feed.class);
        private final Map<Feed, long[]> firstRetained = new EnumMap<>(Feed.class);
        private StreamCursor cursor = START;
        private int nextSex;

        ModelLog() {
            for (Feed feed : Feed.values()) {
                int count = START.partitions(feed);
                List<List<StreamEvent>> lists = new ArrayList<>();
                for (int p = 0; p < count; p++) {
                    lists.add(new ArrayList<>());
                }
                partitions.put(feed, lists);
                firstRetained.put(feed, new long[count]);
            }
        }

        /** One step of the feed thread. */
        void apply(FeedStep step, Broadcaster broadcaster) {
            if (step instanceof Publish publish) {
                StreamEvent event;
                synchronized (this) {
                    List<StreamEvent> records = partitions.get(publish.feed()).get(publish.partition());
                    long offset = records.size();
                    cursor = cursor.after(publish.feed(), publish.partition(), offset);
                    event = event(publish.feed(), publish.partition(), offset, cursor);
                    records.add(event);
                }
                // Kafka has the record before the feed reads it. As in LiveFeed, a registration
                // with no client connected only moves the cursor.
                if (!broadcaster.skipUnwatched(publish.feed(), event.cursor())) {
                    broadcaster.publish(event);
                }
            } else if (step instanceof Trim trim) {
                synchronized (this) {
                    long held =
                            partitions.get(trim.feed()).get(trim.partition()).size();
                    long[] first = firstRetained.get(trim.feed());
                    first[trim.partition()] = Math.max(first[trim.partition()], held * trim.percent() / 100);
                }
            }
        }

        private StreamEvent event(Feed feed, int partition, long offset, StreamCursor after) {
            String data = "{\"f\":\"" + feed.code + "\",\"p\":" + partition + ",\"o\":" + offset + "}";
            String type = feed == Feed.REGISTRATIONS ? StreamEvent.BABY : StreamEvent.TOP10;
            Sex sex = Sex.values()[nextSex++ % Sex.values().length];
            return StreamEvent.of(type, data, sex, feed, partition, offset, System.currentTimeMillis(), after);
        }

        synchronized StreamCursor end() {
            return cursor;
        }

        synchronized String data(Feed feed, int partition, long offset) {
            return partitions.get(feed).get(partition).get((int) offset).data();
        }

        synchronized long firstRetained(Feed feed, int partition) {
            return firstRetained.get(feed)[partition];
        }

        @Override
        public StreamCursor read(StreamCursor from, StreamCursor until, long deadlineNanos, Sink sink)
                throws InterruptedException, PositionGone {
            StreamCursor at = from;
            for (Feed feed : Feed.values()) {
                for (int p = 0; p < until.partitions(feed); p++) {
                    for (long offset = from.next(feed, p); offset < until.next(feed, p); offset++) {
                        StreamEvent stored;
                        synchronized (this) {
                            if (offset < firstRetained(feed, p)) {
                                throw new PositionGone(feed + " " + p + " starts at " + firstRetained(feed, p));
                            }
                            stored = partitions.get(feed).get(p).get((int) offset);
                        }
                        at = at.after(feed, p, offset);
                        StreamEvent replayed = StreamEvent.of(
                                stored.type(), stored.data(), stored.sex(), feed, p, offset, stored.timestamp(), at);
                        if (!sink.accept(replayed)) {
                            return at;
                        }
                        Thread.yield();
                    }
                }
            }
            return at;
        }
    }

    // --- one client connection and the check of its history

    /** What one connection was sent, parsed from the bytes, as a browser would see it. */
    private static final class Connection implements Subscriber<SseFrames> {
        private final Resume resume;
        private final List<String> seenIds;
        private final List<SentEvents> frames = Collections.synchronizedList(new ArrayList<>());
        private volatile Subscription subscription;
        private volatile ClientStream stream;
        private volatile boolean completed;
        private volatile boolean hungUp;

        Connection(Resume resume, List<String> seenIds) {
            this.resume = resume;
            this.seenIds = seenIds;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(SseFrames sent) {
            for (SentEvents event : SentEvents.parse(sent)) {
                frames.add(event);
                if (event.id() != null) {
                    seenIds.add(event.id());
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        @Override
        public String toString() {
            synchronized (frames) {
                return stream + " connection from " + (resume.after() != null ? resume.after() : resume.unknownId())
                        + ", "
                        + frames.size() + " frames, the last "
                        + frames.subList(Math.max(0, frames.size() - 3), frames.size());
            }
        }

        void read(int count) {
            subscription.request(count);
        }

        void readEverything() {
            if (!hungUp) {
                subscription.request(Long.MAX_VALUE);
            }
        }

        void hangUp() {
            hungUp = true;
            subscription.cancel();
        }

        boolean ended() {
            return completed || hungUp;
        }

        StreamCursor lastCursor() {
            synchronized (frames) {
                for (int i = frames.size() - 1; i >= 0; i--) {
                    String id = frames.get(i).id();
                    if (id != null) {
                        return StreamCursor.decode(id).orElseThrow();
                    }
                }
            }
            return null;
        }

        void check(ModelLog log, StreamCursor end) {
            List<SentEvents> history;
            synchronized (frames) {
                history = List.copyOf(frames);
            }
            String context = "connection resuming from "
                    + (resume.after() != null ? resume.after() : resume.unknownId()) + " was sent " + history;
            StreamCursor expected = resume.after();
            boolean sentLive = false;
            boolean ended = false;
            for (SentEvents frame : history) {
                if (ended) {
                    throw new AssertionError("a frame after the stream's last event; " + context);
                }
                switch (frame.event()) {
                    case "overflow", "reconnect" -> ended = true;
                    case "gap" -> {
                        StreamCursor gapAt = StreamCursor.decode(frame.id()).orElseThrow();
                        if (expected != null) {
                            check(gapAt.atOrPast(expected), "a gap that goes back, to " + gapAt, context);
                            check(
                                    hadCause(log, expected, gapAt),
                                    "a gap from " + expected + " to " + gapAt + " with nothing deleted or too far",
                                    context);
                        } else {
                            check(resume.unknownId() != null, "a gap for a client that did not resume", context);
                        }
                        expected = gapAt;
                    }
                    default -> {
                        Matcher data = DATA.matcher(frame.data());
                        check(data.matches(), "an event with data " + frame.data(), context);
                        Feed feed = Feed.of(data.group(1).charAt(0)).orElseThrow();
                        int partition = Integer.parseInt(data.group(2));
                        long offset = Long.parseLong(data.group(3));
                        check(
                                frame.data().equals(log.data(feed, partition, offset)),
                                "an event that is not the log's",
                                context);
                        StreamCursor id = StreamCursor.decode(frame.id()).orElseThrow();
                        if (resume.after() == null
                                && !sentLive
                                && feed == Feed.TOP10
                                && (expected == null || id.equals(expected))) {
                            // A new client's first frames: the latest top 10s, each with the cursor it joined at.
                            check(offset < id.next(feed, partition), "a snapshot top 10 past its id " + id, context);
                            expected = id;
                            continue;
                        }
                        if (expected == null) {
                            expected = before(id, feed, partition, offset);
                        }
                        check(
                                offset == expected.next(feed, partition),
                                feed + " " + partition + " offset " + offset + " where "
                                        + expected.next(feed, partition) + " was next",
                                context);
                        check(id.equals(expected.after(feed, partition, offset)), "the id " + id, context);
                        expected = id;
                        sentLive = true;
                    }
                }
            }
            if (!ended && !hungUp && expected != null) {
                check(end.equals(expected), "the stream stopped at " + expected + ", the log ends at " + end, context);
            }
        }

        private static boolean hadCause(ModelLog log, StreamCursor from, StreamCursor to) {
            if (to.distanceFrom(from) > SETTINGS.maxReplayEvents()) {
                return true;
            }
            for (Feed feed : Feed.values()) {
                for (int p = 0; p < to.partitions(feed); p++) {
                    if (from.next(feed, p) < to.next(feed, p) && from.next(feed, p) < log.firstRetained(feed, p)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static StreamCursor before(StreamCursor id, Feed feed, int partition, long offset) {
            long[] registrations = new long[id.partitions(Feed.REGISTRATIONS)];
            long[] top10 = new long[id.partitions(Feed.TOP10)];
            for (int p = 0; p < registrations.length; p++) {
                registrations[p] = id.next(Feed.REGISTRATIONS, p);
            }
            for (int p = 0; p < top10.length; p++) {
                top10[p] = id.next(Feed.TOP10, p);
            }
            (feed == Feed.REGISTRATIONS ? registrations : top10)[partition] = offset;
            return StreamCursor.of(registrations, top10);
        }

        private static void check(boolean holds, String what, String context) {
            if (!holds) {
                throw new AssertionError(what + "; " + context);
            }
        }
    }

    // --- scripts

    @Provide
    Arbitrary<List<FeedStep>> feed() {
        Arbitrary<FeedStep> publish = Arbitraries.of(Feed.values())
                .flatMap(feed -> Arbitraries.integers()
                        .between(0, START.partitions(feed) - 1)
                        .map(p -> (FeedStep) new Publish(feed, p)));
        Arbitrary<FeedStep> trim = Arbitraries.of(Feed.values())
                .flatMap(feed -> Arbitraries.integers()
                        .between(0, START.partitions(feed) - 1)
                        .flatMap(p -> Arbitraries.integers().between(1, 60).map(percent ->
                                (FeedStep) new Trim(feed, p, percent))));
        return Arbitraries.frequencyOf(Tuple.of(40, publish), Tuple.of(1, trim))
                .list()
                .ofMinSize(50)
                .ofMaxSize(400);
    }

    @Provide
    Arbitrary<List<List<ClientStep>>> clients() {
        Arbitrary<ClientStep> step = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new Join())),
                Tuple.of(6, Arbitraries.integers().between(0, 10_000).map(ResumeFromSeen::new)),
                Tuple.of(1, Arbitraries.just(new ResumeFromStart())),
                Tuple.of(1, Arbitraries.just(new ResumeUnknown())),
                Tuple.of(12, Arbitraries.integers().between(1, 8).map(Read::new)),
                Tuple.of(2, Arbitraries.just(new HangUp())));
        return step.list().ofMinSize(5).ofMaxSize(40).list().ofMinSize(2).ofMaxSize(4);
    }

    private final List<Throwable> threadFailures = new CopyOnWriteArrayList<>();

    private Thread thread(Runnable body) {
        Thread thread = new Thread(body);
        thread.setUncaughtExceptionHandler((t, e) -> threadFailures.add(e));
        thread.start();
        return thread;
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
