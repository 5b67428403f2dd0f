package babynames.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(100);

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI streamUrl;
    private final List<Thread> readers = new ArrayList<>();
    private final List<Stream<String>> open = new ArrayList<>();
    private final Freshness freshness;
    private volatile boolean closing;
    final Map<UUID, AtomicInteger> seenBy = new ConcurrentHashMap<>();
    /** Subscribers whose first stream opened; each counts once, however often it resumed. */
    final AtomicInteger connected = new AtomicInteger();
    /** Streams opened again with {@code Last-Event-ID} after one ended early. */
    final AtomicInteger resumed = new AtomicInteger();

    StreamWatchers(URI streamUrl, int subscribers, Freshness freshness) {
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
            HttpRequest.Builder request = HttpRequest.newBuilder(streamUrl).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            try {
                HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 200) {
                    if (!remember(response.body())) {
                        return;
                    }
                    if (everConnected) {
                        resumed.incrementAndGet();
                    } else {
                        everConnected = true;
                        connected.incrementAndGet();
                    }
                    lastEventId = read(response.body(), lastEventId);
                } else {
                    response.body().close();
                }
            } catch (IOException | UncheckedIOException ended) {
                // the stream broke off (or could not open): resume below, unless the run is over
            } catch (InterruptedException interrupted) {
                return;
            }
            if (!pausedBeforeResuming()) {
                return;
            }
        }
    }

    /** Keeps the stream so that {@link #close()} ends it; false when the run is over already. */
    private boolean remember(Stream<String> body) {
        synchronized (open) {
            if (closing) {
                body.close();
                return false;
            }
            open.add(body);
            return true;
        }
    }

    /** Reads one stream to its end; returns the last {@code id:} it carried (or the one before it). */
    private String read(Stream<String> body, String lastEventId) {
        String[] last = {lastEventId};
        try (body) {
            body.forEach(line -> {
                if (line.startsWith("id:")) {
                    last[0] = line.substring(3).strip();
                } else {
                    data(line);
                }
            });
        } catch (UncheckedIOException | IllegalStateException ended) {
            // broke off mid-stream (or closed at the end of the run): the id read so far resumes it
        } finally {
            synchronized (open) {
                open.remove(body);
            }
        }
        return last[0];
    }

    private void data(String line) {
        if (!line.startsWith("data:")) {
            return;
        }
        long now = System.nanoTime();
        Matcher matcher = ID.matcher(line);
        if (matcher.find()) {
            UUID id = UUID.fromString(matcher.group(1));
            freshness.arrived(id, now);
            seenBy.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
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
            open.forEach(Stream::close);
        }
        readers.forEach(Thread::interrupt);
    }
}
