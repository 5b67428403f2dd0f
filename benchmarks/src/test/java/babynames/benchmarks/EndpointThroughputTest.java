package babynames.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the warm-up before an endpoint's sweeps has seen its throughput hold still. */
class EndpointThroughputTest {

    @Test
    void notSteadyBeforeEnoughWindows() {
        assertFalse(EndpointThroughput.steady(List.of(9_000.0, 9_000.0)));
    }

    @Test
    void notSteadyWhileTheJitIsStillRaisingIt() {
        assertFalse(EndpointThroughput.steady(List.of(4_000.0, 7_000.0, 10_000.0, 12_000.0, 14_000.0)));
    }

    @Test
    void steadyWhenTheLastWindowsAreWithinTheSpread() {
        assertTrue(EndpointThroughput.steady(List.of(4_000.0, 9_000.0, 15_000.0, 15_600.0, 15_200.0)));
    }

    @Test
    void aRiseOfMoreThanTheSpreadAmongTheLastWindowsIsNotSteady() {
        assertFalse(EndpointThroughput.steady(List.of(15_000.0, 15_200.0, 15_900.0)));
    }

    @Test
    void windowsThatServedNothingAreNeverSteady() {
        assertFalse(EndpointThroughput.steady(List.of(0.0, 0.0, 0.0)));
    }
}
