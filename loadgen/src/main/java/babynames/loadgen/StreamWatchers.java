package babynames.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** SSE subscribers of {@code baby} events, each noting when every registration reached it. */
final class StreamWatchers implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<CompletableFuture<HttpResponse<Stream<String>>>> connections = new ArrayList<>();
    private final List<Stream<String>> open = new ArrayList<>();
    private final Freshness freshness;
    final Map<UUID, AtomicInteger> seenBy = new ConcurrentHashMap<>();
    final AtomicInteger connected = new AtomicInteger();

    StreamWatchers(URI streamUrl, int subscribers, Freshness freshness) {
        this.freshness = freshness;
        HttpRequest request = HttpRequest.newBuilder(streamUrl.resolve("/stream?types=baby"))
                .header("Accept", "text/event-stream")
                .build();
        for (int i = 0; i < subscribers; i++) {
            var connection = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
            connection.thenAcceptAsync(response -> {
                if (response.statusCode() != 200) {
                    return;
                }
                synchronized (open) {
                    open.add(response.body());
                }
                connected.incrementAndGet();
                try {
                    response.body().forEach(this::line);
                } catch (RuntimeException closed) {
                    // closed at the end of the run
                }
            });
            connections.add(connection);
        }
    }

    private void line(String line) {
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
            open.forEach(Stream::close);
        }
        connections.forEach(connection -> connection.cancel(true));
    }
}
