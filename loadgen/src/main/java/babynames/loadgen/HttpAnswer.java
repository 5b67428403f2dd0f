package babynames.loadgen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 answer read off a keep-alive connection in pieces: it says when the whole answer
 * is in (by Content-Length, or the last chunk of a chunked body), its status and its body. For
 * the load drivers that keep many connections on one selector thread.
 */
public final class HttpAnswer {
    /** Compiled once: {@code String.split} compiles a two-character separator again on every call. */
    private static final Pattern LINES = Pattern.compile("\r\n");

    private static final byte[] LAST_CHUNK = {'\r', '\n', '0', '\r', '\n', '\r', '\n'};

    private byte[] bytes = new byte[16 * 1024];
    private int length;
    private int headerEnd = -1;
    private final AnswerHeaders headers = new AnswerHeaders();

    /** Ready for the next answer on the same connection. */
    public void reset() {
        length = 0;
        headerEnd = -1;
        headers.clear();
    }

    public void append(ByteBuffer read) {
        int n = read.remaining();
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        read.get(bytes, length, n);
        length += n;
    }

    /** Whether the whole answer is in. */
    public boolean complete() {
        if (headerEnd < 0) {
            headerEnd = indexAfterBlankLine();
            if (headerEnd < 0) {
                return false;
            }
            String head = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII);
            for (String line : LINES.split(head)) {
                headers.read(line);
            }
        }
        return headers.chunked() ? endsWithLastChunk() : length >= headerEnd + Math.max(0, headers.contentLength());
    }

    /** The status code of a complete answer. */
    public int status() {
        return (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
    }

    /**
     * Whether the server closes the connection after this answer ({@code Connection: close}, as a
     * server that is shutting down says): no request may be sent on it again.
     */
    public boolean closesConnection() {
        return headers.closesConnection();
    }

    /**
     * The delay a complete answer's {@code Retry-After} asks for, in seconds, or {@code fallback}
     * when it has none (or gives an HTTP date, which no service here sends).
     */
    public long retryAfterSeconds(long fallback) {
        long seconds = headers.retryAfterSeconds();
        return seconds >= 0 ? seconds : fallback;
    }

    /** The body of a complete answer with a Content-Length (a chunked body comes with its chunk sizes). */
    public String body() {
        return new String(bytes, headerEnd, length - headerEnd, StandardCharsets.UTF_8);
    }

    private int indexAfterBlankLine() {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private boolean endsWithLastChunk() {
        int body = length - headerEnd;
        if (body == LAST_CHUNK.length - 2) {
            return bytes[headerEnd] == '0' && endsWith(2);
        }
        return body >= LAST_CHUNK.length && endsWith(0);
    }

    private boolean endsWith(int from) {
        int n = LAST_CHUNK.length - from;
        for (int i = 0; i < n; i++) {
            if (bytes[length - n + i] != LAST_CHUNK[from + i]) {
                return false;
            }
        }
        return true;
    }
}
