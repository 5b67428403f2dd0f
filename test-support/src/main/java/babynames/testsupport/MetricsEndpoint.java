package babynames.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a service's {@code GET /prometheus}, as the tests and benchmarks watch a running system. */
public final class MetricsEndpoint {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private MetricsEndpoint() {}

    /** A gauge (a series without labels) of the service at {@code serviceUrl}, or -1 while it cannot say. */
    public static double gauge(String serviceUrl, String name) {
        try {
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(URI.create(serviceUrl + "/prometheus"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return metrics.lines()
                    .filter(line -> line.startsWith(name + " "))
                    .mapToDouble(line ->
                            Double.parseDouble(line.substring(name.length() + 1).trim()))
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
