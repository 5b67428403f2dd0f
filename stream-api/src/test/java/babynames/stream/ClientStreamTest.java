package babynames.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class ClientStreamTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicBoolean removed = new AtomicBoolean();
    private static final Duration GRACE = Duration.ofSeconds(5);
    private final StreamFilter all = StreamFilter.parse(null, null);
    private static final ClientStream.Start LIVE = new ClientStream.Start.At(TestEvents.START, List.of());

    private ClientStream client(int capacity, ClientStream.Start start, Consumer<ClientStream> onClose) {
        return new ClientStream(
                all, start, new ClientStream.Bounds(capacity, 1 << 20, GRACE), new StreamMetrics(meters), onClose);
    }

    @Test
    void aClientThatDoesNotReadOverflowsAndGetsOnlyTheOverflowEventThenTheEnd() {
        ClientStream client = client(4, LIVE, c -> removed.set(true));
        Recorder recorder = new Recorder();
        client.subscribe(recorder);

        for (int offset = 0; offset < 10; offset++) {
            client.offerLive(TestEvents.baby(Sex.MALE, 0, offset));
        }
        recorder.subscription.request(100);

        assertEquals(List.of("overflow"), recorder.names());
        assertTrue(recorder.completed);
        assertTrue(removed.get());
        assertEquals(1.0, meters.get("babynames.stream.overflows").counter().count());
    }

    @Test
    void aClientThatNeverReadsItsLastEventIsClosedOnceTheGraceHasPassed() {
        ClientStream client = client(4, LIVE, c -> removed.set(true));
        Recorder recorder = new Recorder();
        client.subscribe(recorder);
        long finishedAt = System.currentTimeMillis();
        client.finish(Broadcaster.RECONNECT);

        client.tick(finishedAt + GRACE.toMillis() - 1000);
        assertFalse(recorder.completed || removed.get(), "closed before the grace was over");

        client.tick(finishedAt + GRACE.toMillis() + 1000);
        assertTrue(recorder.completed && removed.get());
        assertEquals(List.of(), recorder.names());
    }

    @Test
    void aReadingClientGetsEveryLiveEventInOrderWithTheFeedsIds() {
        ClientStream client = client(4, LIVE, c -> {});
        Recorder recorder = new Recorder();
        client.subscribe(recorder);
        recorder.subscription.request(Long.MAX_VALUE);

        List<String> ids = new ArrayList<>();
        StreamCursor cursor = TestEvents.START;
        for (int offset = 0; offset < 100; offset++) {
            StreamEvent event =
                    TestEvents.at(cursor, StreamEvent.BABY, Sex.MALE, Feed.REGISTRATIONS, offset % 3, offset);
            cursor = event.cursor();
            ids.add(cursor.encode());
            client.offerLive(event);
        }

        assertEquals(ids, recorder.ids());
        assertEquals(
                100.0, meters.get("babynames.stream.events.delivered").counter().count());
    }

    @Test
    void liveEventsWaitForTheReplayAndThenFollowIt() throws Exception {
        ClientStream client = client(10, new ClientStream.Start.AfterReplay(), c -> {});
        Recorder recorder = new Recorder();
        client.subscribe(recorder);
        recorder.subscription.request(Long.MAX_VALUE);
        StreamCursor from = TestEvents.START;
        StreamEvent missed = TestEvents.at(from, StreamEvent.BABY, Sex.MALE, Feed.REGISTRATIONS, 0, 0);
        StreamCursor live = missed.cursor();

        StreamEvent newer = TestEvents.at(live, StreamEvent.BABY, Sex.MALE, Feed.REGISTRATIONS, 1, 0);
        client.offerLive(newer);
        client.offerReplayed(missed, Duration.ofSeconds(1));
        client.endReplay(live);

        assertEquals(List.of(missed.cursor().encode(), newer.cursor().encode()), recorder.ids());
    }

    @Test
    void aClientAheadOfTheFeedSkipsWhatItHasAndKeepsItsFurtherPosition() {
        // The client saw partition 0 up to offset 1 on a faster instance; this feed is at 0 everywhere.
        StreamCursor clientAt = TestEvents.START.after(Feed.REGISTRATIONS, 0, 1);
        ClientStream client = client(10, new ClientStream.Start.At(clientAt, List.of()), c -> {});
        Recorder recorder = new Recorder();
        client.subscribe(recorder);
        recorder.subscription.request(Long.MAX_VALUE);

        StreamEvent seen = TestEvents.at(TestEvents.START, StreamEvent.BABY, Sex.MALE, Feed.REGISTRATIONS, 0, 1);
        StreamEvent other = TestEvents.at(seen.cursor(), StreamEvent.BABY, Sex.MALE, Feed.REGISTRATIONS, 1, 0);
        StreamEvent next = TestEvents.at(other.cursor(), StreamEvent.BABY, Sex.MALE, Feed.REGISTRATIONS, 0, 2);
        client.offerLive(seen);
        client.offerLive(other);
        client.offerLive(next);

        assertEquals(List.of("r2.1.0t0.0", "r3.1.0t0.0"), recorder.ids());
    }

    @Test
    void aClientWhoseBufferedBytesPassTheBoundOverflowsBeforeTheEventCountDoes() {
        StreamEvent event = TestEvents.baby(Sex.MALE, 0, 0);
        int twoEventsAndTheConnectedComment = 2 * event.frame().length + ": connected\n\n".length();
        ClientStream client = new ClientStream(
                all,
                LIVE,
                new ClientStream.Bounds(1000, twoEventsAndTheConnectedComment, GRACE),
                new StreamMetrics(meters),
                c -> {});
        Recorder recorder = new Recorder();
        client.subscribe(recorder);

        for (int offset = 0; offset < 3; offset++) {
            client.offerLive(TestEvents.baby(Sex.MALE, 0, offset));
        }
        recorder.subscription.request(100);

        assertEquals(List.of("overflow"), recorder.names());
    }

    @Test
    void aFinishedStreamEndsWithItsLastEvent() {
        ClientStream client = client(10, LIVE, c -> removed.set(true));
        Recorder recorder = new Recorder();
        client.subscribe(recorder);
        recorder.subscription.request(Long.MAX_VALUE);

        client.finish(Broadcaster.RECONNECT);

        assertEquals(List.of("reconnect"), recorder.names());
        assertTrue(recorder.completed && removed.get());
    }

    /** Records the events a client would be sent (comments left out), parsed from the bytes. */
    private static final class Recorder implements Subscriber<SseFrames> {
        record Sent(String id, String name) {}

        final List<Sent> events = new ArrayList<>();
        Subscription subscription;
        boolean completed;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(SseFrames frames) {
            SentEvents.parse(frames).forEach(sent -> events.add(new Sent(sent.id(), sent.event())));
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        List<String> names() {
            return events.stream().map(Sent::name).toList();
        }

        List<String> ids() {
            return events.stream().map(Sent::id).toList();
        }
    }
}
