package babynames.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for registration-service's {@code POST /baby}, for testing clients' retries: it
 * answers the first request of each {@code Idempotency-Key} {@code 409 idempotency-key-in-progress}
 * with {@code Retry-After: 1} (as the service does while the request with that key still waits for
 * Kafka; another delay if asked), and every later one {@code 202} with a new id.
 */
public final class InProgressFirstRegistration implements AutoCloseable {
    private final Map<String, List<Long>> arrivalNanos = new ConcurrentHashMap<>();
    private final int retryAfterSeconds;
    private final HttpServer server;

    public InProgressFirstRegistration() {
        this(1);
    }

    public InProgressFirstRegistration(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/baby", this::answer);
        server.start();
    }

    /** Its base URL, {@code http://localhost:<port>}. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        List<Long> arrivals = arrivalNanos.computeIfAbsent(
                exchange.getRequestHeaders().getFirst("Idempotency-Key"), key -> new CopyOnWriteArrayList<>());
        arrivals.add(System.nanoTime());
        boolean first = arrivals.size() == 1;
        String body = first
                ? "{\"type\":\"https://babynames.dev/problems/idempotency-key-in-progress\",\"status\":409}"
                : "{\"id\":\"" + UUID.randomUUID() + "\"}";
        exchange.getResponseHeaders().add("Content-Type", first ? "application/problem+json" : "application/json");
        if (first) {
            exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(first ? 409 : 202, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** When each request with this key arrived ({@link System#nanoTime()}), in order. */
    public List<Long> arrivalNanos(String idempotencyKey) {
        return arrivalNanos.getOrDefault(idempotencyKey, List.of());
    }

    /** The keys of the requests so far. */
    public Set<String> keys() {
        return arrivalNanos.keySet();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
