package babynames.loadgen;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI rankingUrl;
    private final URI registrationUrl;

    Ledger(URI registrationUrl, URI rankingUrl) {
        this.registrationUrl = registrationUrl;
        this.rankingUrl = rankingUrl;
    }

    /** The count of each name ({@code sex:NAME} keys), 0 for a name never registered. */
    Map<String, Long> counts(Collection<String> keys) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (String key : keys) {
            String[] parts = key.split(":", 2);
            URI uri = rankingUrl.resolve("/names/" + parts[0] + "/"
                    + URLEncoder.encode(parts[1], StandardCharsets.UTF_8).replace("+", "%20"));
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                counts.put(key, 0L);
            } else if (response.statusCode() == 200) {
                Matcher matcher = COUNT.matcher(response.body());
                counts.put(key, matcher.find() ? Long.parseLong(matcher.group(1)) : -1);
            } else {
                throw new IllegalStateException("ranking-service answered " + response.statusCode() + " for " + uri);
            }
        }
        return counts;
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
