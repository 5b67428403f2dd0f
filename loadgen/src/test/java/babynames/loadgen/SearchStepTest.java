package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A capacity search's table, as printed among a run's other output, read back step by step. */
class SearchStepTest {

    @Test
    void theStepsAreReadBackFromTheTableAmongTheRestOfTheOutput() {
        List<SearchStep> steps = List.of(
                new SearchStep(1, 3500, true, 21.4, 30.2, 100.0, true),
                new SearchStep(2, 5250, false, 63.9, 88.1, 99.1, true),
                new SearchStep(3, 5250, false, Double.NaN, Double.NaN, 0.0, false));
        StringBuilder output = new StringBuilder("[loadgen] find-max step 1: 3500/s\n")
                .append("\n| figure | value |\n| --- | --- |\n| http.p99 | 21.4 |\n")
                .append("\n| books | |\n| --- | --- |\n| countedTwice | 0 |\n")
                .append("\n")
                .append(SearchStep.TABLE_HEAD);
        steps.forEach(step -> output.append(step.row()));
        output.append("[loadgen] find-max: highest rate that held: 3500/s\n");

        assertEquals(steps, SearchStep.in(output.toString()));
    }
}
