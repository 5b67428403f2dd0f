package babynames.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which one-second window of a loadgen run counts as the first warm one. */
class TimeToWarmTest {

    @Test
    void theFirstWindowUnderTheLimitThatServedRequests() {
        List<Map<String, Double>> seconds = List.of(
                second(500, 180.0),
                second(0, 0.0), // a stall: nothing served, so its p99 of 0 says nothing
                second(500, 25.0),
                second(500, 12.0),
                second(500, 30.0));

        assertEquals(OptionalInt.of(3), TimeToWarm.firstWarmSecond(seconds, 20));
    }

    @Test
    void neverWarmWithinTheRun() {
        assertEquals(
                OptionalInt.empty(), TimeToWarm.firstWarmSecond(List.of(second(500, 20.0), second(500, 21.0)), 20));
    }

    private static Map<String, Double> second(double achieved, double p99Ms) {
        return Map.of("achievedPerSecond", achieved, "p99Ms", p99Ms);
    }
}
