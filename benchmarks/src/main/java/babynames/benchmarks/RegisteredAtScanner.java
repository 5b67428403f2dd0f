package babynames.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Finds every {@code "registeredAt":"..."} in the SSE streams of {@link SseFleet}, read by read: a
 * mark or a timestamp split across two reads of a connection is found once the rest arrives.
 *
 * <p>The fleet's clients all get the same events, so a timestamp is parsed once and then looked
 * up among the last few: parsed for each client, it took a quarter of the fleet's CPU at 7,500
 * clients.
 */
final class RegisteredAtScanner {
    private static final byte[] MARK = "\"registeredAt\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Events in flight to different clients at one moment: a few, at 10 a second. */
    private static final int REMEMBERED = 16;

    private final byte[][] texts = new byte[REMEMBERED][];
    private final long[] millis = new long[REMEMBERED];
    private int next;
    private long parsed;

    /** What one connection's last read left unfinished: the start of a mark, or a mark and part of its timestamp. */
    static final class Tail {
        private byte[] bytes = new byte[MARK.length];
        private int length;

        private void keep(byte[] text, int from, int to) {
            int n = to - from;
            if (bytes.length < n) {
                bytes = new byte[n];
            }
            System.arraycopy(text, from, bytes, 0, n);
            length = n;
        }
    }

    /** Hands each timestamp complete after {@code read} (its first {@code length} bytes) to {@code found}, in epoch ms. */
    void scan(Tail tail, byte[] read, int length, LongConsumer found) {
        byte[] text = read;
        int end = length;
        if (tail.length > 0) {
            text = new byte[tail.length + length];
            System.arraycopy(tail.bytes, 0, text, 0, tail.length);
            System.arraycopy(read, 0, text, tail.length, length);
            end = text.length;
        }
        int from = 0;
        while (true) {
            int at = indexOf(text, end, from);
            if (at < 0) {
                int partial = partialMarkAtEnd(text, from, end);
                tail.keep(text, end - partial, end);
                return;
            }
            int start = at + MARK.length;
            int quote = start;
            while (quote < end && text[quote] != '"') {
                quote++;
            }
            if (quote == end) {
                tail.keep(text, at, end); // the timestamp goes on in the next read
                return;
            }
            found.accept(millis(text, start, quote));
            from = quote + 1;
        }
    }

    /** Timestamps parsed so far (the rest were looked up). */
    long parsed() {
        return parsed;
    }

    private long millis(byte[] text, int from, int to) {
        for (int back = 1; back <= REMEMBERED; back++) {
            int slot = Math.floorMod(next - back, REMEMBERED);
            byte[] known = texts[slot];
            if (known != null && Arrays.equals(known, 0, known.length, text, from, to)) {
                return millis[slot];
            }
        }
        byte[] copy = Arrays.copyOfRange(text, from, to);
        long value = Instant.parse(new String(copy, StandardCharsets.US_ASCII)).toEpochMilli();
        parsed++;
        texts[next] = copy;
        millis[next] = value;
        next = (next + 1) % REMEMBERED;
        return value;
    }

    private static int indexOf(byte[] text, int end, int from) {
        outer:
        for (int i = from; i <= end - MARK.length; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (text[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The length of the longest end of {@code text[from, end)} that a mark could go on from. */
    private static int partialMarkAtEnd(byte[] text, int from, int end) {
        for (int n = Math.min(MARK.length - 1, end - from); n > 0; n--) {
            if (Arrays.equals(text, end - n, end, MARK, 0, n)) {
                return n;
            }
        }
        return 0;
    }
}
