package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void splitsAsAShellDoes() {
        assertEquals(
                List.of("java", "-jar", "x.jar", "--slo", "http.p99<50ms,errors<0.1%", "--name", "a b", "c\"d"),
                ShellWords.split("java -jar x.jar \\\n    --slo 'http.p99<50ms,errors<0.1%' --name \"a b\" c\\\"d"));
        assertEquals(List.of("a", ""), ShellWords.split("a ''"));
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo 'oops"));
    }
}
