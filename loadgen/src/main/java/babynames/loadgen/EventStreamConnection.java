package babynames.loadgen;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One {@code GET} of a {@code text/event-stream}, read line by line straight off a blocking socket
 * (HTTP/1.1; the body close-delimited, chunked or of a given length).
 *
 * <p>The load generator shares the machine with what it measures. The JDK's HTTP client passes
 * every piece of a stream through its selector thread, a worker and a line subscriber: about
 * 40 µs of CPU for each event at thousands a second. Here a read takes whatever has arrived, many
 * events at a time, on the subscriber's own thread.
 */
final class EventStreamConnection implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Socket socket;
    private final int status;
    private final BufferedReader lines;

    private EventStreamConnection(Socket socket, int status, BufferedReader lines) {
        this.socket = socket;
        this.status = status;
        this.lines = lines;
    }

    /**
     * Sends the request and reads the answer's head, each within {@code timeout}; {@code lastEventId}
     * resumes, as EventSource does.
     */
    static EventStreamConnection open(URI url, String lastEventId, Duration timeout) throws IOException {
        int port = url.getPort() > 0 ? url.getPort() : 80;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis()); // for the head; the events may come seldom
            String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port
                    + "\r\nAccept: text/event-stream\r\n"
                    + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES);
            int status = status(headLine(in));
            AnswerHeaders headers = new AnswerHeaders();
            for (String header = headLine(in); !header.isEmpty(); header = headLine(in)) {
                headers.read(header);
            }
            socket.setSoTimeout(0);
            InputStream body = headers.chunked()
                    ? Body.chunked(in)
                    : headers.contentLength() >= 0 ? Body.ofLength(in, headers.contentLength()) : in;
            return new EventStreamConnection(
                    socket,
                    status,
                    new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), BUFFER_BYTES));
        } catch (IOException | RuntimeException failed) {
            socket.close();
            throw failed;
        }
    }

    int status() {
        return status;
    }

    /** The stream's next line (its {@code \n}, {@code \r\n} or {@code \r} taken off); null at its end. */
    String readLine() throws IOException {
        return lines.readLine();
    }

    /** Ends the stream; a read blocked in another thread then fails. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a stream that may have failed already.
        }
    }

    private static int status(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        return Integer.parseInt(parts[1]);
    }

    /** A line of the answer's head, ASCII, without its CRLF. */
    private static String headLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the answer ended in its head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** A body that ends before its connection does: chunked, or of a given length. */
    private static final class Body extends InputStream {
        private final InputStream in;
        private final boolean chunked;
        private long leftInChunk;
        private boolean lastChunk;

        private Body(InputStream in, boolean chunked, long length) {
            this.in = in;
            this.chunked = chunked;
            this.leftInChunk = length;
            this.lastChunk = !chunked;
        }

        static Body chunked(InputStream in) {
            return new Body(in, true, 0);
        }

        static Body ofLength(InputStream in, long length) {
            return new Body(in, false, length);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (leftInChunk == 0 && !nextChunk()) {
                return -1;
            }
            int read = in.read(into, offset, (int) Math.min(length, leftInChunk));
            if (read < 0) {
                throw new IOException("the answer ended before its body did");
            }
            leftInChunk -= read;
            if (leftInChunk == 0 && chunked) {
                headLine(in); // the CRLF after the chunk's data
            }
            return read;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), leftInChunk);
        }

        /** Reads the next chunk's size; false after the last chunk. */
        private boolean nextChunk() throws IOException {
            if (lastChunk) {
                return false;
            }
            String size = headLine(in);
            int extension = size.indexOf(';');
            leftInChunk = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
            if (leftInChunk == 0) {
                lastChunk = true; // trailers, if any, are left unread: the stream is over
                return false;
            }
            return true;
        }
    }
}
