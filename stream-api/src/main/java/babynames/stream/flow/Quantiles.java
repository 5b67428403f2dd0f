package babynames.stream.flow;

import java.util.Map;
import java.util.NavigableMap;

/** Quantiles from cumulative histogram buckets, interpolated inside a bucket as Prometheus's {@code histogram_quantile}. */
final class Quantiles {
    private Quantiles() {}

    /**
     * The {@code q} quantile in milliseconds of cumulative buckets (upper bound in seconds to the
     * count at or below it, the last one {@code +Inf}), or null when they count nothing.
     */
    static Double millis(NavigableMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
            return null;
        }
        double rank = q * cumulative.lastEntry().getValue();
        double lowerBound = 0;
        double countBelow = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            double upperBound = bucket.getKey();
            double count = bucket.getValue();
            if (count >= rank) {
                if (Double.isInfinite(upperBound)) {
                    return lowerBound * 1000;
                }
                double inBucket = count - countBelow;
                double fraction = inBucket <= 0 ? 1 : (rank - countBelow) / inBucket;
                return (lowerBound + (upperBound - lowerBound) * fraction) * 1000;
            }
            lowerBound = upperBound;
            countBelow = count;
        }
        return lowerBound * 1000;
    }
}
