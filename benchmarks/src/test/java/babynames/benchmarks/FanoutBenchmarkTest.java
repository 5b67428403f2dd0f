package babynames.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FanoutBenchmarkTest {

    @Test
    void aStepHoldsWithDeliveriesFastEnoughInLittleEnoughMemory() {
        assertTrue(FanoutBenchmark.holds(300_000, 249, 255, 0));
    }

    @Test
    void aStepBreaksOnEachOfTheSpecsLimits() {
        assertFalse(FanoutBenchmark.holds(300_000, 250, 200, 0), "delivery p99 at the limit");
        assertFalse(FanoutBenchmark.holds(300_000, 100, 256, 0), "resident memory at the limit");
        assertFalse(FanoutBenchmark.holds(300_000, 100, 200, 1), "a client closed by the server");
        assertFalse(FanoutBenchmark.holds(0, -1, 200, 0), "nothing delivered");
        assertFalse(FanoutBenchmark.holds(300_000, 100, -1, 0), "memory that could not be read");
    }
}
