package babynames.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service-level objective, e.g. {@code http.p99<50ms}, {@code freshness.p99<100ms},
 * {@code errors<1%}, {@code achieved>95%} (achieved rate as a share of the offered rate).
 */
record Slo(String metric, boolean below, double bound, String text) {
    private static final Pattern FORM = Pattern.compile("([a-z.0-9]+)([<>])([0-9.]+)(ms|s|%)?");

    static List<Slo> parseAll(String text) {
        List<Slo> slos = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                slos.add(parse(part.strip()));
            }
        }
        return slos;
    }

    static Slo parse(String text) {
        Matcher matcher = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("an SLO like http.p99<50ms or errors<1%, not " + text);
        }
        double bound = Double.parseDouble(matcher.group(3));
        if ("s".equals(matcher.group(4))) {
            bound *= 1000;
        }
        return new Slo(matcher.group(1), matcher.group(2).equals("<"), bound, text);
    }

    /** Whether the measured figures (milliseconds and percentages) meet this objective. */
    boolean metBy(Map<String, Double> figures) {
        Double value = figures.get(metric);
        if (value == null) {
            throw new IllegalArgumentException("unknown SLO metric " + metric + "; known: " + figures.keySet());
        }
        return below ? value < bound : value > bound;
    }
}
