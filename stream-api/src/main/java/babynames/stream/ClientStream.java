package babynames.stream;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One connected client: a bounded queue between the shared feed and the client's connection,
 * published to the HTTP server as the client asks for more.
 *
 * <p>The feed never waits for a client: when a client's queue is full, what it had queued is
 * dropped, it gets a final {@code overflow} event and its stream ends; it can resume from its
 * {@code Last-Event-ID}. While its backlog is replayed from Kafka, live events are held back (in
 * the same bound) and follow the replay, so the client sees every event once, in one stream.
 */
final class ClientStream implements Publisher<SseFrames>, Subscription {
    private static final byte[] KEEP_ALIVE = SseFrames.comment("keep-alive");
    private static final byte[] CONNECTED = SseFrames.comment("connected");
    private static final byte[] OVERFLOW = SseFrames.encode(
            "overflow",
            null,
            "{\"reason\":\"client too slow: its buffer overflowed; reconnect with Last-Event-ID\"}",
            null);
    /** At most this much goes into one write when several events wait. */
    private static final int MAX_WRITE_BYTES = 64 * 1024;

    /** An event's bytes, and the Kafka timestamp of a live one (0 for anything else). */
    private record Item(byte[] frame, long timestamp) {
        static Item control(byte[] frame) {
            return new Item(frame, 0);
        }
    }

    /**
     * Where a stream starts. It is fixed before the stream joins the feed, so no event can reach it
     * before it knows which ones to skip or hold back.
     */
    sealed interface Start {
        /** At this cursor: the feed's events up to it are skipped; {@code first} frames go out first. */
        record At(StreamCursor cursor, List<byte[]> first) implements Start {}

        /** After a replay of what the client missed: live events wait until {@link #endReplay}. */
        record AfterReplay() implements Start {}
    }

    /**
     * What one stream may hold back for its client before it is cut off (events and their bytes),
     * and how long a stream that ended may wait for its client to read the last event.
     */
    record Bounds(int events, int bytes, Duration endingGrace) {}

    private final Predicate<StreamEvent> filter;
    private final int capacity;
    private final int capacityBytes;
    private final long endingGraceMillis;

    private final StreamMetrics metrics;
    private final Consumer<ClientStream> onClose;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final List<StreamEvent> heldBack = new ArrayList<>();
    private final AtomicInteger drainers = new AtomicInteger();

    private Subscriber<? super SseFrames> subscriber;
    private long demand;
    /** Bytes of the frames in {@code queue} and {@code heldBack}. */
    private long bufferedBytes;

    private boolean replaying;
    private long endingSince;
    private boolean closed;
    private boolean forceClose;
    /** Where the client is past the feed on some partition (it came from a faster instance); else null. */
    private StreamCursor ahead;

    ClientStream(
            Predicate<StreamEvent> filter,
            Start start,
            Bounds bounds,
            StreamMetrics metrics,
            Consumer<ClientStream> onClose) {
        this.filter = filter;
        this.capacity = bounds.events();
        this.capacityBytes = bounds.bytes();
        this.endingGraceMillis = bounds.endingGrace().toMillis();
        this.metrics = metrics;
        this.onClose = onClose;
        // A comment first, so the response (and its headers) starts before the first real event.
        addLocked(Item.control(CONNECTED));
        if (start instanceof Start.At at) {
            ahead = at.cursor();
            at.first().forEach(frame -> addLocked(Item.control(frame)));
        } else {
            replaying = true;
        }
    }

    // --- from the feed and the broadcaster

    /** A live event, in feed order. Never blocks. */
    void offerLive(StreamEvent event) {
        if (!filter.test(event)) {
            return;
        }
        synchronized (this) {
            if (isEnding()) {
                return;
            }
            if (!replaying) {
                enqueueLiveLocked(event);
            } else if (hasRoomLocked(heldBack.size(), event.frame())) {
                heldBack.add(event);
                bufferedBytes += event.frame().length;
                return;
            } else {
                overflowLocked();
            }
        }
        drain();
    }

    /**
     * A replayed event, waiting up to {@code maxWait} for room in the queue (a replay may outrun
     * the client); false once the stream is ending, so the replay can stop.
     */
    boolean offerReplayed(StreamEvent event, Duration maxWait) throws InterruptedException {
        if (!filter.test(event)) {
            return !isClosed();
        }
        synchronized (this) {
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (!hasRoomLocked(queue.size(), event.frame()) && !isEnding()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    overflowLocked();
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            if (!isEnding()) {
                addLocked(Item.control(event.frame()));
            }
        }
        drain();
        return !isClosed();
    }

    /** The replay reached the live cursor: the held-back live events follow, minus any already sent. */
    void endReplay(StreamCursor reached) {
        synchronized (this) {
            ahead = reached;
            goLiveLocked();
        }
        drain();
    }

    /** The position asked for is gone: say so, then continue with live events from {@code live}. */
    void gap(String reason, StreamCursor live) {
        synchronized (this) {
            if (isEnding()) {
                return;
            }
            addLocked(Item.control(gapFrame(reason, live)));
            ahead = live;
            goLiveLocked();
        }
        drain();
    }

    /** A {@code gap} event: what comes next continues from {@code at}, not from where the client was. */
    static byte[] gapFrame(String reason, StreamCursor at) {
        return SseFrames.encode("gap", at.encode(), "{\"reason\":\"" + reason + "\"}", null);
    }

    /** Ends the stream with this last event (already queued events are dropped: the client resumes). */
    void finish(byte[] last) {
        synchronized (this) {
            if (isEnding()) {
                return;
            }
            clearLocked();
            addLocked(Item.control(last));
            endingSince = System.currentTimeMillis();
            notifyAll();
        }
        drain();
    }

    /** Periodic: a keep-alive comment for a quiet stream; ends a stream whose client never read its last event. */
    void tick(long nowMillis) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (isEnding()) {
                forceClose = nowMillis - endingSince > endingGraceMillis;
            } else if (queue.isEmpty() && !replaying) {
                addLocked(Item.control(KEEP_ALIVE));
            }
        }
        drain();
    }

    /** Whether the stream takes no more events (it has ended, or its last event is queued). */
    synchronized boolean isClosed() {
        return isEnding();
    }

    @Override
    public synchronized String toString() {
        return "ClientStream[queued=" + queue.size() + ", heldBack=" + heldBack.size() + ", demand=" + demand
                + ", replaying=" + replaying + ", ahead=" + ahead + ", ending=" + isEnding() + ", drainers="
                + drainers.get() + "]";
    }

    // --- Reactive Streams, from the HTTP server

    @Override
    public void subscribe(Subscriber<? super SseFrames> s) {
        synchronized (this) {
            if (subscriber != null) {
                throw new IllegalStateException("a client stream has one subscriber");
            }
            subscriber = s;
        }
        s.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        synchronized (this) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        drain();
    }

    @Override
    public void cancel() {
        close(false);
    }

    // --- inside

    private boolean isEnding() {
        return endingSince != 0 || closed;
    }

    private void enqueueLiveLocked(StreamEvent event) {
        byte[] frame = event.frame();
        if (ahead != null) {
            if (ahead.passed(event.feed(), event.partition(), event.offset())) {
                return;
            }
            if (event.cursor().atOrPast(ahead)) {
                ahead = null;
            } else {
                ahead = ahead.max(event.cursor());
                frame = event.frameAt(ahead);
            }
        }
        if (hasRoomLocked(queue.size(), frame)) {
            addLocked(new Item(frame, event.timestamp()));
        } else {
            overflowLocked();
        }
    }

    private boolean hasRoomLocked(int queued, byte[] frame) {
        return queued < capacity && bufferedBytes + frame.length <= capacityBytes;
    }

    private void addLocked(Item item) {
        queue.add(item);
        bufferedBytes += item.frame().length;
    }

    private void goLiveLocked() {
        replaying = false;
        List<StreamEvent> waiting = List.copyOf(heldBack);
        heldBack.clear();
        waiting.forEach(event -> bufferedBytes -= event.frame().length);
        for (StreamEvent event : waiting) {
            if (isEnding()) {
                break;
            }
            enqueueLiveLocked(event);
        }
    }

    private void clearLocked() {
        queue.clear();
        heldBack.clear();
        bufferedBytes = 0;
    }

    private void overflowLocked() {
        clearLocked();
        addLocked(Item.control(OVERFLOW));
        endingSince = System.currentTimeMillis();
        metrics.overflowed();
        notifyAll();
    }

    private void close(boolean complete) {
        Subscriber<? super SseFrames> s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            clearLocked();
            s = subscriber;
            notifyAll();
        }
        onClose.accept(this);
        if (complete && s != null) {
            s.onComplete();
        }
    }

    /**
     * Hands queued events to the subscriber as far as it asked, one thread at a time; what waits
     * goes out together, in one write.
     */
    private void drain() {
        if (drainers.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (true) {
                Subscriber<? super SseFrames> s;
                List<Item> batch = new ArrayList<>();
                boolean complete = false;
                synchronized (this) {
                    s = subscriber;
                    if (closed || s == null) {
                        break;
                    }
                    if (forceClose) {
                        complete = true;
                    } else if (!queue.isEmpty() && demand > 0) {
                        int bytes = 0;
                        while (!queue.isEmpty()
                                && (batch.isEmpty() || bytes + queue.peek().frame().length <= MAX_WRITE_BYTES)) {
                            Item item = queue.poll();
                            bytes += item.frame().length;
                            bufferedBytes -= item.frame().length;
                            batch.add(item);
                        }
                        demand--;
                        if (replaying) {
                            notifyAll();
                        }
                    } else if (queue.isEmpty() && endingSince != 0) {
                        complete = true;
                    } else {
                        break;
                    }
                }
                if (complete) {
                    close(true);
                    break;
                }
                s.onNext(new SseFrames(concat(batch)));
                for (Item item : batch) {
                    if (item.timestamp() > 0) {
                        metrics.delivered(item.timestamp());
                    }
                }
            }
            missed = drainers.addAndGet(-missed);
        } while (missed != 0);
    }

    private static byte[] concat(List<Item> batch) {
        if (batch.size() == 1) {
            return batch.get(0).frame();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        batch.forEach(item -> bytes.writeBytes(item.frame()));
        return bytes.toByteArray();
    }
}
