package babynames.loadgen;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The books' reading of counts: every name's, a few lookups at a time, and a refusal is no count. */
class LedgerTest {
    private static final int AT_ONCE = 3;

    @Test
    void everyNameIsCountedWithAFewLookupsInFlightAtOnce() throws Exception {
        try (CountingServer server = new CountingServer()) {
            Ledger ledger = new Ledger(URI.create("http://localhost:1"), server.url(), AT_ONCE);
            List<String> keys = List.of(
                    "female:OLIVIA",
                    "male:NOAH",
                    "female:MARY ANN",
                    "male:JOSÉ",
                    "female:NEVER",
                    "male:OLIVER",
                    "female:AMELIA",
                    "male:GEORGE");

            CompletableFuture<Map<String, Long>> reading = CompletableFuture.supplyAsync(() -> {
                try {
                    return ledger.counts(keys);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Nothing is answered yet: as many lookups as allowed arrive, and no more.
            await().atMost(Duration.ofSeconds(10)).until(() -> server.received.get() >= AT_ONCE);
            await().during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> server.received.get() == AT_ONCE);
            server.answer();

            Map<String, Long> expected = new LinkedHashMap<>();
            for (String key : keys) {
                String name = key.substring(key.indexOf(':') + 1);
                expected.put(key, name.equals("NEVER") ? 0L : name.length());
            }
            assertEquals(expected, reading.get(10, TimeUnit.SECONDS));
            assertEquals(AT_ONCE, server.mostAtOnce.get(), "lookups in flight at once");
        }
    }

    @Test
    void anAnswerOtherThanACountOrUnknownFailsTheReading() throws Exception {
        try (CountingServer server = new CountingServer()) {
            server.answer();
            Ledger ledger = new Ledger(URI.create("http://localhost:1"), server.url(), AT_ONCE);

            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> ledger.counts(List.of("male:NOAH", "male:BUSY")));
            assertTrue(refused.getMessage().contains("503"), refused.getMessage());
        }
    }

    /**
     * Answers {@code GET /names/{sex}/{name}} with the name's length as its count (404 for NEVER,
     * 503 for BUSY), holding every lookup until it is told to {@link #answer()}.
     */
    private static final class CountingServer implements AutoCloseable {
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final CountDownLatch answering = new CountDownLatch(1);
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final HttpServer server;

        CountingServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.setExecutor(threads);
            server.createContext("/names/", this::answer);
            server.start();
        }

        URI url() {
            return URI.create("http://localhost:" + server.getAddress().getPort());
        }

        void answer() {
            answering.countDown();
        }

        private void answer(HttpExchange exchange) throws IOException {
            received.incrementAndGet();
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                answering.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // No longer in flight before the answer leaves: the client may send the next at once.
            inFlight.decrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            try (exchange) {
                switch (name) {
                    case "NEVER" -> reply(exchange, 404, "{}");
                    case "BUSY" -> reply(exchange, 503, "{}");
                    default ->
                        reply(exchange, 200, "{\"name\":\"" + name + "\",\"count\":" + name.length() + ",\"rank\":1}");
                }
            }
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
