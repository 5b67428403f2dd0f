package babynames.loadgen;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber whose stream ends early (stream-api drops a client that reads too slowly with a
 * final {@code overflow} event) resumes with the last {@code id:} it read, and every event reaches
 * it once: the books do not count the load generator's own slowness as lost registrations.
 */
class StreamWatchersTest {
    private static final UUID FIRST = UUID.randomUUID();
    private static final UUID SECOND = UUID.randomUUID();

    private final List<Optional<String>> lastEventIds = new CopyOnWriteArrayList<>();
    private final CountDownLatch runOver = new CountDownLatch(1);
    private HttpServer stream;

    @BeforeEach
    void startAStreamThatDropsItsFirstClient() throws IOException {
        stream = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        stream.setExecutor(Executors.newCachedThreadPool());
        stream.createContext("/stream", this::answer);
        stream.start();
    }

    @AfterEach
    void stop() {
        runOver.countDown();
        stream.stop(0);
    }

    /** The first stream: one event, then the overflow and its end. Any later one resumes after it. */
    private void answer(HttpExchange exchange) throws IOException {
        Optional<String> lastEventId =
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
        lastEventIds.add(lastEventId);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            send(body, ": connected\n\n");
            if (lastEventId.isEmpty()) {
                send(body, "id: r1\nevent: baby\ndata: {\"id\":\"" + FIRST + "\",\"name\":\"OLIVIA\"}\n\n");
                send(body, "event: overflow\ndata: {\"reason\":\"client too slow\"}\n\n");
                return;
            }
            if (lastEventId.get().equals("r1")) {
                send(body, "id: r2\nevent: baby\ndata: {\"id\":\"" + SECOND + "\",\"name\":\"AMELIA\"}\n\n");
            }
            runOver.await();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(OutputStream body, String frame) throws IOException {
        body.write(frame.getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    @Test
    void aDroppedSubscriberResumesFromItsLastEventIdAndSeesEveryEventOnce() {
        URI url = URI.create("http://localhost:" + stream.getAddress().getPort());
        RegistrationBook book = new RegistrationBook(16);
        try (StreamWatchers watchers = new StreamWatchers(url, 1, book, new Freshness(id -> null))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> book.seenBy(SECOND) > 0);

            assertEquals(1, book.seenBy(FIRST));
            assertEquals(1, book.seenBy(SECOND));
            assertEquals(1, watchers.connected.get(), "one subscriber, however often it resumed");
            assertEquals(1, watchers.resumed.get());
            assertEquals(List.of(Optional.empty(), Optional.of("r1")), lastEventIds);
        }
    }
}
