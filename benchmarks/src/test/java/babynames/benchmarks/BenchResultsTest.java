package babynames.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A paired row's ratio is the median of its runs' ratios, not a ratio of medians from different runs. */
class BenchResultsTest {

    @Test
    void aPairedRowsRatioIsTheMedianOfItsRunsRatiosWithTheirSpread() {
        // Run by run: 0.5, 0.4, 0.6. The ratio of the medians (100 / 250) would be 0.4.
        BenchResults.Row row = BenchResults.Row.paired(
                "endpoint",
                List.of(100.0, 80.0, 180.0),
                "req/s",
                "baseline",
                List.of(200.0, 200.0, 300.0),
                BenchResults.Goal.AT_LEAST,
                0.5,
                Map.of());

        assertEquals(0.5, row.ratio(), 1e-9);
        assertEquals(0.4, row.ratioMin(), 1e-9);
        assertEquals(0.6, row.ratioMax(), 1e-9);
        assertEquals(100.0, row.figure());
        assertEquals(200.0, row.baseline());
        assertTrue(row.met());
        assertEquals("0.50x (0.40-0.60)", BenchResults.ratio(row));
        assertTrue(BenchResults.table(List.of(row)).contains("| 0.50x (0.40-0.60) | >= 0.50x | yes |"));
        assertEquals(List.of(100.0, 80.0, 180.0), row.details().get("runs"));
    }

    @Test
    void aRowAgainstALimitKeepsTheRatioOfItsFigure() {
        BenchResults.Row row =
                new BenchResults.Row("freshness", 120, "ms", "limit", 100, BenchResults.Goal.AT_MOST, 1.0, Map.of());

        assertEquals(1.2, row.ratio(), 1e-9);
        assertFalse(row.met());
        assertEquals("1.20x", BenchResults.ratio(row));
    }

    @Test
    void everyFigureNeedsItsBaseline() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BenchResults.Row.paired(
                        "x", List.of(1.0, 2.0), "u", "b", List.of(1.0), BenchResults.Goal.AT_LEAST, 1, Map.of()));
    }
}
