package babynames.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RegisteredAtScannerTest {
    private static final List<String> TIMESTAMPS = List.of(
            "2026-12-04T12:00:00.123Z",
            "2026-12-04T12:00:00.223456789Z",
            "2026-12-04T12:00:01Z",
            "2026-12-04T12:00:00.123Z");

    /** The stream a fleet client reads: baby events, a comment between them. */
    private static final byte[] STREAM = stream();

    private static byte[] stream() {
        StringBuilder text = new StringBuilder(": connected\n\n");
        int id = 0;
        for (String timestamp : TIMESTAMPS) {
            text.append("id: r")
                    .append(id++)
                    .append('\n')
                    .append("event: baby\n")
                    .append("data: {\"name\":\"Olivia\",\"sex\":\"girl\",\"registeredAt\":\"")
                    .append(timestamp)
                    .append("\",\"id\":\"x\"}\n\n")
                    .append(": keep-alive\n\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Long> expected() {
        return TIMESTAMPS.stream().map(t -> Instant.parse(t).toEpochMilli()).toList();
    }

    /** Any cut of the stream into reads (a mark or a timestamp split anywhere) finds every timestamp once. */
    @Property(tries = 500)
    void everyTimestampIsFoundOnceHoweverTheStreamIsCutIntoReads(
            @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 400) Integer> cuts) {
        RegisteredAtScanner scanner = new RegisteredAtScanner();
        RegisteredAtScanner.Tail tail = new RegisteredAtScanner.Tail();
        List<Long> found = new ArrayList<>();
        int at = 0;
        for (int cut : cuts) {
            int to = Math.min(STREAM.length, at + cut);
            read(scanner, tail, at, to, found);
            at = to;
        }
        read(scanner, tail, at, STREAM.length, found);
        assertEquals(expected(), found);
    }

    @Test
    void everyCutIntoTwoReadsFindsEveryTimestampOnce() {
        for (int cut = 0; cut <= STREAM.length; cut++) {
            RegisteredAtScanner scanner = new RegisteredAtScanner();
            RegisteredAtScanner.Tail tail = new RegisteredAtScanner.Tail();
            List<Long> found = new ArrayList<>();
            read(scanner, tail, 0, cut, found);
            read(scanner, tail, cut, STREAM.length, found);
            assertEquals(expected(), found, "cut at " + cut);
        }
    }

    @Test
    void aTimestampEveryClientGetsIsParsedOnce() {
        RegisteredAtScanner scanner = new RegisteredAtScanner();
        for (int client = 0; client < 1000; client++) {
            read(scanner, new RegisteredAtScanner.Tail(), 0, STREAM.length, new ArrayList<>());
        }
        assertEquals(3, scanner.parsed(), "three distinct timestamps");
    }

    private static void read(
            RegisteredAtScanner scanner, RegisteredAtScanner.Tail tail, int from, int to, List<Long> found) {
        byte[] read = new byte[64 * 1024]; // the fleet's read buffer: longer than what is in it
        System.arraycopy(STREAM, from, read, 0, to - from);
        scanner.scan(tail, read, to - from, found::add);
    }
}
