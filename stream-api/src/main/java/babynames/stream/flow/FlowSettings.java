package babynames.stream.flow;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariants panel's settings, from {@code babynames.stream.flow.*}.
 *
 * @param sources the services whose {@code /prometheus} the books read, {@code name=url} each
 *     ({@code FLOW_SOURCES}): every registration-service and ranking-service process
 * @param interval how often they are read while someone watches
 * @param window how far back the books reach ({@code FLOW_WINDOW})
 * @param idleAfter reading stops when nobody asked for the books for this long
 * @param timeout how long one source may take to answer before it counts as down
 */
@ConfigurationProperties("babynames.stream.flow")
record FlowSettings(List<String> sources, Duration interval, Duration window, Duration idleAfter, Duration timeout) {

    /** The sources by name, in the configured order. */
    Map<String, String> sourceUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String source : sources) {
            int equals = source.indexOf('=');
            if (equals <= 0 || equals == source.length() - 1) {
                throw new IllegalArgumentException(
                        "FLOW_SOURCES entries are name=url, comma-separated; got '" + source + "'");
            }
            String url = source.substring(equals + 1).trim();
            urls.put(source.substring(0, equals).trim(), url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }
        return urls;
    }
}
