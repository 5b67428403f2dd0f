package babynames.loadgen;

import java.util.Locale;

/**
 * What the load drivers need from an HTTP/1.1 answer's head, read one header line at a time: how
 * its body ends (a length, or chunks), its {@code Retry-After} in seconds, and whether the server
 * closes the connection after it.
 */
final class AnswerHeaders {
    private long contentLength = -1;
    private boolean chunked;
    private long retryAfterSeconds = -1;
    private boolean closesConnection;

    /** Forgets what it read, for the next answer on the same connection. */
    void clear() {
        contentLength = -1;
        chunked = false;
        retryAfterSeconds = -1;
        closesConnection = false;
    }

    /** Takes in one header line ({@code Name: value}, without its CRLF); lines it does not need are ignored. */
    void read(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return;
        }
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        switch (name) {
            case "content-length" -> contentLength = Long.parseLong(value);
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            case "retry-after" -> retryAfterSeconds = seconds(value);
            case "connection" ->
                closesConnection = value.toLowerCase(Locale.ROOT).contains("close");
            default -> {
                // Not needed to read the answer.
            }
        }
    }

    /** The body's length, or -1 when the head gives none. */
    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    /** The delay {@code Retry-After} asks for in seconds; -1 without one, or with an HTTP date. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    boolean closesConnection() {
        return closesConnection;
    }

    private static long seconds(String delay) {
        try {
            return Math.max(0, Long.parseLong(delay));
        } catch (NumberFormatException notSeconds) {
            return -1;
        }
    }
}
