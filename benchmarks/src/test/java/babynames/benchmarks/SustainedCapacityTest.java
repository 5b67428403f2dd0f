package babynames.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.loadgen.SearchStep;
import io.micronaut.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a capacity search's steps are kept in the results. */
class SustainedCapacityTest {

    @Test
    void aFigureAStepDidNotMeasureIsKeptAsNullForJson() throws Exception {
        SearchStep measured = new SearchStep(1, 3500, true, 21.4, 30.2, 100.0, true);
        SearchStep nothingAccepted = new SearchStep(2, 5250, false, Double.NaN, Double.NaN, 0.0, false);

        String json = JsonMapper.createDefault()
                .writeValueAsString(
                        List.of(SustainedCapacity.details(measured), SustainedCapacity.details(nothingAccepted)));

        assertEquals(
                "[{\"step\":1,\"rate\":3500.0,\"held\":true,\"httpP99Ms\":21.4,\"freshnessP99Ms\":30.2,"
                        + "\"achievedPercent\":100.0,\"booksBalanced\":true},"
                        + "{\"step\":2,\"rate\":5250.0,\"held\":false,\"httpP99Ms\":null,\"freshnessP99Ms\":null,"
                        + "\"achievedPercent\":0.0,\"booksBalanced\":false}]",
                json);
    }
}
