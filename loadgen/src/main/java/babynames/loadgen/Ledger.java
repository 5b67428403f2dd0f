package babynames.loadgen;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The counts of names (from ranking-service) and the invariant counters (from /prometheus). */
final class Ledger {
    static final Map<String, String> INVARIANT_COUNTERS = new LinkedHashMap<>();

    static {
        INVARIANT_COUNTERS.put("accepted", "babynames_registrations_accepted_total");
        INVARIANT_COUNTERS.put("counted", "babynames_registrations_counted_total");
        INVARIANT_COUNTERS.put("duplicates", "babynames_registrations_duplicates_total");
        INVARIANT_COUNTERS.put("deadLettered", "babynames_registrations_dead_lettered_total");
    }

    /**
     * Lookups in flight at once. ranking-service answers them from a pool of its own (two
     * connections by default); more in flight keep that pool busy while answers travel, and few
     * enough leave the service room for anything else.
     */
    static final int LOOKUPS_AT_ONCE = 8;

    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI rankingUrl;
    private final URI registrationUrl;
    private final int lookupsAtOnce;

    Ledger(URI registrationUrl, URI rankingUrl) {
        this(registrationUrl, rankingUrl, LOOKUPS_AT_ONCE);
    }

    Ledger(URI registrationUrl, URI rankingUrl, int lookupsAtOnce) {
        this.registrationUrl = registrationUrl;
        this.rankingUrl = rankingUrl;
        this.lookupsAtOnce = lookupsAtOnce;
    }

    /**
     * The count of each name ({@code sex:NAME} keys), 0 for a name never registered. A run has
     * thousands of names, each a lookup of a few milliseconds: asked {@link #LOOKUPS_AT_ONCE} at a
     * time they take seconds rather than tens of them, before the load and after it, and the final
     * reading of every count comes closer to one moment.
     */
    Map<String, Long> counts(Collection<String> keys) throws InterruptedException {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(lookupsAtOnce);
        AtomicBoolean failing = new AtomicBoolean();
        List<CompletableFuture<Void>> lookups = new ArrayList<>(keys.size());
        for (String key : keys) {
            slots.acquire();
            if (failing.get()) {
                break; // the join below throws what went wrong
            }
            lookups.add(http.sendAsync(request(key), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> counts.put(key, count(response)))
                    .whenComplete((done, failed) -> {
                        if (failed != null) {
                            failing.set(true);
                        }
                        slots.release();
                    }));
        }
        try {
            CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
        return counts;
    }

    private HttpRequest request(String key) {
        String[] parts = key.split(":", 2);
        return HttpRequest.newBuilder(rankingUrl.resolve("/names/" + parts[0] + "/"
                        + URLEncoder.encode(parts[1], StandardCharsets.UTF_8).replace("+", "%20")))
                .build();
    }

    private static long count(HttpResponse<String> response) {
        if (response.statusCode() == 404) {
            return 0;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "ranking-service answered " + response.statusCode() + " for " + response.uri());
        }
        Matcher matcher = COUNT.matcher(response.body());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** The invariant counters, summed over what the registration and ranking services expose. */
    Map<String, Double> invariantCounters() throws Exception {
        String metrics = scrape(registrationUrl) + "\n" + scrape(rankingUrl);
        Map<String, Double> counters = new LinkedHashMap<>();
        INVARIANT_COUNTERS.forEach((name, metric) -> counters.put(name, sum(metrics, metric)));
        return counters;
    }

    private String scrape(URI service) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(service.resolve("/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static double sum(String metrics, String name) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
