package babynames.stream.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class QuantilesTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void interpolatesInsideTheBucketThatHoldsTheRank() {
        var buckets = new TreeMap<>(Map.of(0.010, 50.0, 0.020, 90.0, 0.050, 100.0, INF, 100.0));

        // The median is the 50th of 100: the top of the first bucket.
        assertEquals(10.0, Quantiles.millis(buckets, 0.5), 1e-9);
        // The 70th lies half way through the second bucket (50 below it, 40 in it).
        assertEquals(15.0, Quantiles.millis(buckets, 0.7), 1e-9);
        // The 99th: 9 of the third bucket's 10, between 20 and 50 ms.
        assertEquals(47.0, Quantiles.millis(buckets, 0.99), 1e-9);
    }

    @Test
    void aRankInTheOpenBucketIsTheLastFiniteBound() {
        var buckets = new TreeMap<>(Map.of(0.010, 1.0, 0.030, 2.0, INF, 10.0));

        assertEquals(30.0, Quantiles.millis(buckets, 0.99), 1e-9);
    }

    @Test
    void nothingCountedHasNoQuantile() {
        assertNull(Quantiles.millis(new TreeMap<>(Map.of(0.01, 0.0, INF, 0.0)), 0.5));
        assertNull(Quantiles.millis(new TreeMap<>(), 0.5));
    }
}
