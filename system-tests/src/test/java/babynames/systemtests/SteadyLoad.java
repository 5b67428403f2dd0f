package babynames.systemtests;

import babynames.events.Sex;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.awaitility.Awaitility;

/**
 * Registrations through {@code POST /baby} at a steady rate, each retried like a careful client
 * (same {@code Idempotency-Key}, after {@code Retry-After}) until it is answered 202. So in the end
 * every request was accepted, and the counts must equal the requests exactly.
 */
final class SteadyLoad implements AutoCloseable {
    /** One registration as the client sent it. */
    record Request(String key, String name, Sex sex) {}

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String registrationUrl;
    private final List<String> names;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService senders = Executors.newFixedThreadPool(32);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Request> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, UUID> acceptedIds = new ConcurrentHashMap<>();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong inProgress = new AtomicLong();
    private final AtomicLong unreachable = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final LongAccumulator slowestAnswerMillis = new LongAccumulator(Math::max, 0);
    private ScheduledFuture<?> arrivals;

    SteadyLoad(String registrationUrl, List<String> names) {
        this.registrationUrl = registrationUrl;
        this.names = List.copyOf(names);
    }

    SteadyLoad start(int perSecond) {
        arrivals = scheduler.scheduleAtFixedRate(this::arrive, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        return this;
    }

    /** Waits while the load makes this many more registrations (at its rate, whatever the answers). */
    void awaitMore(int registrations) {
        long target = sent() + registrations;
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> sent() >= target);
    }

    /** No new registrations; the pending ones are still retried. */
    void stopArrivals() {
        arrivals.cancel(false);
    }

    boolean allAccepted() {
        return pending.isEmpty();
    }

    long sent() {
        return requests.size();
    }

    long accepted() {
        return acceptedIds.size();
    }

    /** Answers of 503 (the service said: not now, retry). */
    long unavailable() {
        return unavailable.get();
    }

    /** Answers of 409 (the request with that key was still being accepted, retry). */
    long inProgress() {
        return inProgress.get();
    }

    /** Attempts that found no service listening (it was down). */
    long unreachable() {
        return unreachable.get();
    }

    /** Attempts with no answer within 15 s. */
    long hung() {
        return hung.get();
    }

    /** Answers other than 202, 503 and 409: the load only sends valid registrations, so none are expected. */
    long refused() {
        return refused.get();
    }

    long slowestAnswerMillis() {
        return slowestAnswerMillis.get();
    }

    Map<String, UUID> acceptedIds() {
        return Map.copyOf(acceptedIds);
    }

    /** Requests made per name, by sex: what the counts must be once everything is accepted. */
    Map<Sex, Map<String, Long>> expectedCounts() {
        Map<Sex, Map<String, Long>> expected = new HashMap<>();
        for (Request request : requests) {
            expected.computeIfAbsent(request.sex(), sex -> new HashMap<>()).merge(request.name(), 1L, Long::sum);
        }
        return expected;
    }

    /** Sends this registration once more with its own key, as a client would after a lost answer. */
    void resend(Request request) {
        pending.add(request);
        senders.execute(() -> attempt(request));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void arrive() {
        int index = ThreadLocalRandom.current().nextInt(names.size());
        Request request =
                new Request(UUID.randomUUID().toString(), names.get(index), index % 2 == 0 ? Sex.FEMALE : Sex.MALE);
        requests.add(request);
        pending.add(request);
        senders.execute(() -> attempt(request));
    }

    private void attempt(Request request) {
        HttpRequest post = HttpRequest.newBuilder(URI.create(registrationUrl + "/baby"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", request.key())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + request.name() + "\",\"sex\":\""
                        + request.sex().wireName() + "\"}"))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
            slowestAnswerMillis.accumulate((System.nanoTime() - start) / 1_000_000);
            if (response.statusCode() == 202) {
                String body = response.body();
                int at = body.indexOf("\"id\":\"") + 6;
                acceptedIds.put(request.key(), UUID.fromString(body.substring(at, at + 36)));
                pending.remove(request);
                return;
            }
            if (Http.answerLater(response.statusCode())) {
                (response.statusCode() == 503 ? unavailable : inProgress).incrementAndGet();
                long retryAfter =
                        response.headers().firstValueAsLong("Retry-After").orElse(1);
                retryLater(request, Duration.ofSeconds(Math.min(retryAfter, 2)));
                return;
            }
            refused.incrementAndGet();
            pending.remove(request);
        } catch (HttpTimeoutException e) {
            hung.incrementAndGet();
            retryLater(request, Duration.ofMillis(500));
        } catch (IOException e) {
            unreachable.incrementAndGet();
            retryLater(request, Duration.ofMillis(500));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void retryLater(Request request, Duration delay) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(() -> senders.execute(() -> attempt(request)), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        senders.shutdownNow();
    }
}
