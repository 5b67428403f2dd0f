package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void noWarmUpUnlessAskedFor() {
        assertEquals(Duration.ZERO, Options.parse(new String[0]).warmup());
        assertEquals(
                Duration.ofSeconds(20),
                Options.parse(new String[] {"--warmup", "20s"}).warmup());
    }

    @Test
    void theRampMayRunIntoTheMeasuredPartButNotPastTheEnd() {
        Options.parse(new String[] {"--warmup", "5s", "--ramp", "10s", "--duration", "10s"});
        assertThrows(
                IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--warmup", "5s", "--ramp", "20s", "--duration", "10s"}));
    }

    @Test
    void aMistypedOptionIsAnErrorNotIgnored() {
        var error = assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--warmpu", "20s"}));
        assertTrue(error.getMessage().startsWith("unknown option --warmpu"), error.getMessage());
    }

    @Test
    void aCapacitySearchIsOffUnlessAskedForAndItsCeilingIsAboveTheStart() {
        assertEquals(0, Options.parse(new String[0]).findMax());
        Options search = Options.parse(new String[] {"--rate", "200/s", "--find-max", "3000/s", "--warmup", "10s"});
        assertEquals(3000, search.findMax());
        assertEquals(450, search.atRate(450).rate());
        assertEquals(0, search.atRate(450).findMax(), "a step is one run, not another search");
        assertThrows(
                IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--rate", "200/s", "--find-max", "100/s", "--warmup", "10s"}));
        var cold = assertThrows(
                IllegalArgumentException.class, () -> Options.parse(new String[] {"--find-max", "3000/s"}));
        assertTrue(cold.getMessage().startsWith("--find-max needs a --warmup"), cold.getMessage());
    }
}
