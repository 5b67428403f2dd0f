package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The system tests' load retries like a careful client: a key answered {@code 409} (still being
 * accepted, as after a {@code 503} until Kafka has answered) is sent again, not given up. The
 * registration endpoint here is a stand-in that answers each key's first request {@code 409}.
 */
class SteadyLoadTest {
    private final Set<String> keysSeen = ConcurrentHashMap.newKeySet();
    private final HttpServer registration = startRegistration();

    @AfterEach
    void stop() {
        registration.stop(0);
    }

    @Test
    void aKeyStillBeingAcceptedIsSentAgainUntilAccepted() {
        try (SteadyLoad load =
                new SteadyLoad("http://localhost:" + registration.getAddress().getPort(), List.of("OLIVIA"))) {
            load.start(5);
            load.awaitMore(2);
            load.stopArrivals();

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(load::allAccepted);
            assertEquals(0, load.refused(), "valid registrations refused");
            assertEquals(load.sent(), load.accepted());
            assertTrue(load.inProgress() >= load.sent(), "every key was answered 409 first");
        }
    }

    private HttpServer startRegistration() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/baby", this::answer);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        boolean first = keysSeen.add(key);
        String body = first
                ? "{\"type\":\"https://babynames.dev/problems/idempotency-key-in-progress\",\"status\":409}"
                : "{\"id\":\"" + UUID.randomUUID() + "\"}";
        exchange.getResponseHeaders().add("Content-Type", first ? "application/problem+json" : "application/json");
        if (first) {
            exchange.getResponseHeaders().add("Retry-After", "1");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(first ? 409 : 202, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
