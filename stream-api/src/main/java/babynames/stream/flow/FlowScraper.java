package babynames.stream.flow;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads every source's {@code /prometheus} at once (so the readings are of one moment), and this
 * stream-api's own registry for its delivery latency.
 */
@Singleton
final class FlowScraper {
    private final HttpClient client;
    private final Map<String, String> urls;
    private final FlowSettings settings;
    private final PrometheusMeterRegistry own;
    private final String ownName;
    private final List<String> sourceNames;

    FlowScraper(
            @Client(id = "flow") HttpClient client,
            FlowSettings settings,
            PrometheusMeterRegistry own,
            @Value("${micronaut.application.name}") String ownName) {
        this.client = client;
        this.urls = settings.sourceUrls();
        this.settings = settings;
        this.own = own;
        this.ownName = ownName;
        this.sourceNames =
                Stream.concat(urls.keySet().stream(), Stream.of(ownName)).toList();
    }

    /** The sources in the order the books list them: the configured ones, then this stream-api. */
    List<String> sourceNames() {
        return sourceNames;
    }

    Snapshot scrape() {
        long at = System.currentTimeMillis();
        Map<String, Reading> readings = new LinkedHashMap<>(Flux.fromIterable(urls.entrySet())
                .flatMap(source -> Mono.from(
                                client.retrieve(HttpRequest.GET(source.getValue() + "/prometheus"), String.class))
                        .timeout(settings.timeout())
                        .map(Reading::parse)
                        .filter(Reading::answers)
                        .map(reading -> Map.entry(source.getKey(), reading))
                        .onErrorResume(e -> Mono.empty()))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .blockOptional()
                .orElse(Map.of()));
        readings.put(ownName, Reading.parse(own.scrape()));
        return new Snapshot(at, readings);
    }
}
