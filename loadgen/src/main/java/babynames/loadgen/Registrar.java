package babynames.loadgen;

import babynames.events.Sex;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Sends registrations without waiting for answers (each arrival goes out when it is due) and
 * records each one's latency from when it was due, so a stalled server shows as latency.
 */
final class Registrar implements AutoCloseable {
    /** A registration answered 202: what it was, and when its request went out. */
    record Accepted(String name, Sex sex, long sentNanos) {}

    private static final int MAX_IN_FLIGHT = 20_000;
    /**
     * Requests on the wire at once. Beyond that they wait here (their latency still counts from
     * when they were due): an HTTP client that opens a connection per waiting request makes a
     * slow server slower with every connection, until nothing gets through.
     */
    static final int MAX_CONNECTIONS = 128;

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(callbacks)
            .build();
    private final URI endpoint;
    private final Queue<Due> waiting = new ConcurrentLinkedQueue<>();
    private final Semaphore onTheWire = new Semaphore(MAX_CONNECTIONS);
    final Recorder latencyMicros = new Recorder(3);
    final Map<UUID, Accepted> accepted = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> acceptedByName = new ConcurrentHashMap<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong otherStatus = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();

    /** A registration waiting for a free connection, and when it was due. */
    private record Due(ZipfNames.Ranked pick, long dueNanos) {}

    Registrar(URI registrationUrl) {
        this.endpoint = registrationUrl.resolve("/baby");
    }

    /** Sends one registration that was due at {@code dueNanos} (System.nanoTime()). */
    void send(ZipfNames.Ranked pick, long dueNanos) {
        if (inFlight.get() >= MAX_IN_FLIGHT) {
            dropped.incrementAndGet(); // the client cannot keep up: counted, never hidden
            return;
        }
        inFlight.incrementAndGet();
        sent.incrementAndGet();
        waiting.add(new Due(pick, dueNanos));
        sendWaiting();
    }

    private void sendWaiting() {
        while (!waiting.isEmpty() && onTheWire.tryAcquire()) {
            Due due = waiting.poll();
            if (due == null) {
                onTheWire.release();
                return;
            }
            post(due.pick(), due.dueNanos());
        }
    }

    private void post(ZipfNames.Ranked pick, long dueNanos) {
        String body =
                "{\"name\":\"" + pick.name() + "\",\"sex\":\"" + pick.sex().wireName() + "\"}";
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long sentNanos = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            latencyMicros.recordValue(Math.max(0, (System.nanoTime() - dueNanos) / 1000));
            inFlight.decrementAndGet();
            onTheWire.release();
            if (error != null) {
                failed.incrementAndGet();
            } else if (response.statusCode() == 202) {
                accepted.put(idOf(response.body()), new Accepted(pick.name(), pick.sex(), sentNanos));
                acceptedByName
                        .computeIfAbsent(key(pick.sex(), pick.name()), k -> new AtomicLong())
                        .incrementAndGet();
            } else if (response.statusCode() == 503) {
                unavailable.incrementAndGet();
            } else {
                otherStatus.incrementAndGet();
            }
            sendWaiting();
        });
    }

    static String key(Sex sex, String name) {
        return sex.wireName() + ":" + name;
    }

    private static UUID idOf(String body) {
        int at = body.indexOf("\"id\":\"") + 6;
        return UUID.fromString(body.substring(at, at + 36));
    }

    @Override
    public void close() {
        callbacks.shutdownNow();
    }
}
