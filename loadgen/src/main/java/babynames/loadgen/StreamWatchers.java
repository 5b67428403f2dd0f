package babynames.loadgen;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SSE subscribers of {@code baby} events, each noting when every registration reached it.
 *
 * <p>Each subscriber reads on its own thread and, like a browser's {@code EventSource}, resumes with
 * {@code Last-Event-ID} when its stream ends early: stream-api closes a client that reads too slowly
 * (a load generator starved of CPU is one), and a resumed stream carries on exactly where the last
 * one stopped. Without that, the load generator's own slowness would show up in the books as
 * registrations that never reached a subscriber.
 */
final class StreamWatchers implements AutoCloseable {
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(100);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final URI streamUrl;
    private final List<Thread> readers = new ArrayList<>();
    private final List<EventStreamConnection> open = new ArrayList<>();
    private final Freshness freshness;
    private volatile boolean closing;
    /** Who saw which registration, shared with the registrar that notes which were accepted. */
    final RegistrationBook book;
    /** Subscribers whose first stream opened; each counts once, however often it resumed. */
    final AtomicInteger connected = new AtomicInteger();
    /** Streams opened again with {@code Last-Event-ID} after one ended early. */
    final AtomicInteger resumed = new AtomicInteger();

    StreamWatchers(URI streamUrl, int subscribers, RegistrationBook book, Freshness freshness) {
        this.book = book;
        this.streamUrl = streamUrl.resolve("/stream?types=baby");
        this.freshness = freshness;
        for (int i = 0; i < subscribers; i++) {
            Thread reader = new Thread(this::subscribe, "subscriber-" + i);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
    }

    private void subscribe() {
        String lastEventId = null;
        boolean everConnected = false;
        while (!closing) {
            try (EventStreamConnection stream = EventStreamConnection.open(streamUrl, lastEventId, OPEN_TIMEOUT)) {
                if (stream.status() == 200) {
                    if (!remember(stream)) {
                        return;
                    }
                    if (everConnected) {
                        resumed.incrementAndGet();
                    } else {
                        everConnected = true;
                        connected.incrementAndGet();
                    }
                    lastEventId = read(stream, lastEventId);
                }
            } catch (IOException | RuntimeException ended) {
                // the stream broke off (or could not open): resume below, unless the run is over
            }
            if (!pausedBeforeResuming()) {
                return;
            }
        }
    }

    /** Keeps the stream so that {@link #close()} ends it; false when the run is over already. */
    private boolean remember(EventStreamConnection stream) {
        synchronized (open) {
            if (closing) {
                return false;
            }
            open.add(stream);
            return true;
        }
    }

    /** Reads one stream to its end; returns the last {@code id:} it carried (or the one before it). */
    private String read(EventStreamConnection stream, String lastEventId) {
        String last = lastEventId;
        try {
            for (String line = stream.readLine(); line != null; line = stream.readLine()) {
                if (line.startsWith("id:")) {
                    last = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data(line);
                }
            }
        } catch (IOException ended) {
            // broke off mid-stream (or closed at the end of the run): the id read so far resumes it
        } finally {
            synchronized (open) {
                open.remove(stream);
            }
        }
        return last;
    }

    /** Notes when the registration a {@code baby} event carries arrived; other events carry no {@code id}. */
    private void data(String line) {
        long now = System.nanoTime();
        UUID id = RegistrationIds.in(line);
        if (id == null) {
            return;
        }
        freshness.arrived(id, now);
        book.seen(id);
    }

    /** A reconnecting client's pacing, as EventSource's retry; false when interrupted by {@link #close()}. */
    private static boolean pausedBeforeResuming() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Freshness freshness() {
        return freshness;
    }

    boolean awaitConnected(int subscribers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connected.get() < subscribers && System.nanoTime() < deadline) {
            Thread.sleep(50); // a load generator's pacing
        }
        return connected.get() >= subscribers;
    }

    @Override
    public void close() {
        synchronized (open) {
            closing = true;
            open.forEach(EventStreamConnection::close);
        }
        readers.forEach(Thread::interrupt);
    }
}
