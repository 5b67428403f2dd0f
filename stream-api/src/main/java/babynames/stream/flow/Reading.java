package babynames.stream.flow;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What one scrape of a service's {@code /prometheus} says about the flow: the books' counters
 * (each summed over its label sets, {@code NaN} when the service does not have it), when the
 * process started (a new start time means its counters began again at zero), and the cumulative
 * buckets of the delivery latency (stream-api's freshness), upper bound in seconds to count.
 */
record Reading(
        double startTime,
        double accepted,
        double counted,
        double duplicates,
        double deadLettered,
        double lag,
        NavigableMap<Double, Double> latencyBuckets) {

    private static final String START_TIME = "process_start_time_seconds";
    private static final String ACCEPTED = "babynames_registrations_accepted_total";
    private static final String COUNTED = "babynames_registrations_counted_total";
    private static final String DUPLICATES = "babynames_registrations_duplicates_total";
    private static final String DEAD_LETTERED = "babynames_registrations_dead_lettered_total";
    private static final String LAG = "babynames_ranking_consumer_lag";
    private static final String LATENCY_BUCKET = "babynames_stream_delivery_latency_seconds_bucket";

    /**
     * Whether this reading can take part in the books: a ranker that counts but cannot say yet
     * what waits for it (it has not joined its group) has not answered.
     */
    boolean answers() {
        return Double.isNaN(counted) || !Double.isNaN(lag);
    }

    /** Reads the Prometheus text exposition format; lines it does not need are skipped. */
    static Reading parse(String text) {
        double[] sums = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            Sample sample = Sample.of(line);
            if (sample == null) {
                continue;
            }
            int index = switch (sample.name()) {
                case START_TIME -> 0;
                case ACCEPTED -> 1;
                case COUNTED -> 2;
                case DUPLICATES -> 3;
                case DEAD_LETTERED -> 4;
                case LAG -> 5;
                default -> -1;
            };
            if (index >= 0) {
                sums[index] = (Double.isNaN(sums[index]) ? 0 : sums[index]) + sample.value();
            } else if (sample.name().equals(LATENCY_BUCKET)) {
                double upperBound = upperBound(sample.labels());
                if (!Double.isNaN(upperBound)) {
                    buckets.merge(upperBound, sample.value(), Double::sum);
                }
            }
        }
        return new Reading(
                sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], Collections.unmodifiableNavigableMap(buckets));
    }

    private static double upperBound(String labels) {
        int at = labels.indexOf("le=\"");
        if (at < 0) {
            return Double.NaN;
        }
        int from = at + 4;
        String bound = labels.substring(from, labels.indexOf('"', from));
        return bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
    }

    /** One line of the exposition: {@code name{labels} value [timestamp]}. */
    private record Sample(String name, String labels, double value) {
        static Sample of(String line) {
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            String labels = "";
            int valueStart = nameEnd;
            if (nameEnd < line.length() && line.charAt(nameEnd) == '{') {
                int labelsEnd = labelsEnd(line, nameEnd + 1);
                if (labelsEnd < 0) {
                    return null;
                }
                labels = line.substring(nameEnd + 1, labelsEnd);
                valueStart = labelsEnd + 1;
            }
            String[] rest = line.substring(valueStart).trim().split("\\s+");
            try {
                return new Sample(name, labels, Double.parseDouble(rest[0]));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** Where the labels end, skipping braces and escaped quotes inside quoted label values. */
        private static int labelsEnd(String line, int from) {
            boolean quoted = false;
            for (int i = from; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == '}' && !quoted) {
                    return i;
                }
            }
            return -1;
        }
    }
}
