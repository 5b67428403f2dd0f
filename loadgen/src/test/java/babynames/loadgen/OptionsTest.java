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
}
