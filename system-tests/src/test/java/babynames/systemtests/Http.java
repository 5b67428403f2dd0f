package babynames.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * The plain HTTP calls of the system tests: a JSON POST (with any headers, or retried as a client
 * retries) and a GET, answered as text.
 */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    /** POSTs {@code json}, with {@code headers} as name, value, name, value, ... */
    static HttpResponse<String> post(String url, String json, String... headers) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                headers);
    }

    /**
     * POSTs as a careful client does: with an {@code Idempotency-Key}, sent again with the same key
     * after {@code Retry-After} while the answer is 503 (the broker did not confirm in time) or 409
     * (that key is being accepted right now). A stalled broker then costs time, not a failed test,
     * and the registrations are still counted once. {@code headers} as for {@link #post}; returns the
     * first other answer.
     */
    static HttpResponse<String> postUntilAnswered(String url, String json, String... headers) {
        String[] withKey = Arrays.copyOf(headers, headers.length + 2);
        withKey[headers.length] = "Idempotency-Key";
        withKey[headers.length + 1] = UUID.randomUUID().toString();
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollDelay(Duration.ZERO)
                .pollInterval((polls, previous) -> Duration.ofSeconds(
                        last.get().headers().firstValueAsLong("Retry-After").orElse(1)))
                .until(() -> {
                    HttpResponse<String> response = post(url, json, withKey);
                    last.set(response);
                    return !answerLater(response.statusCode());
                });
        return last.get();
    }

    /**
     * Whether a careful client sends the request again, with the same {@code Idempotency-Key},
     * after {@code Retry-After}: on {@code 503} (the broker did not confirm in time) and on
     * {@code 409} (the request with that key is still being accepted: after a {@code 503} it stays
     * so until Kafka has answered).
     */
    static boolean answerLater(int status) {
        return status == 503 || status == 409;
    }

    /** GETs {@code url}, with {@code headers} as for {@link #post}. */
    static HttpResponse<String> get(String url, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)), headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
