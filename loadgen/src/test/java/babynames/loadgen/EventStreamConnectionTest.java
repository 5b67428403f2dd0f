package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three ways an HTTP/1.1 answer's body can end (stream-api closes the connection; a proxy may
 * chunk it, or give a length), read as the same lines, with the request a browser's EventSource
 * would send.
 */
class EventStreamConnectionTest {
    private static final String EVENTS = ": connected\r\n\r\nid: r1\nevent: baby\ndata: {\"name\":\"ÉLODIE\"}\n\n";
    private static final List<String> LINES =
            List.of(": connected", "", "id: r1", "event: baby", "data: {\"name\":\"ÉLODIE\"}", "");

    private ServerSocket server;
    private CompletableFuture<String> request;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void readsABodyThatEndsWithTheConnection() throws IOException {
        answer("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n", utf8(EVENTS));

        assertEquals(LINES, linesOf(null));
        assertTrue(request.join().startsWith("GET /stream?types=baby HTTP/1.1\r\n"), request.join());
        assertTrue(request.join().contains("\r\nAccept: text/event-stream\r\n"), request.join());
    }

    @Test
    void readsAChunkedBodyWhoseChunksSplitLinesAndCharacters() throws IOException {
        byte[] events = utf8(EVENTS);
        int split = EVENTS.indexOf('É') + 1; // inside the two bytes of É
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (byte[] chunk :
                List.of(slice(events, 0, 5), slice(events, 5, split), slice(events, split, events.length))) {
            chunked.writeBytes(utf8(Integer.toHexString(chunk.length) + ";note=x\r\n"));
            chunked.writeBytes(chunk);
            chunked.writeBytes(utf8("\r\n"));
        }
        chunked.writeBytes(utf8("0\r\n\r\n"));
        answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", chunked.toByteArray());

        assertEquals(LINES, linesOf("r0"));
        assertTrue(request.join().contains("\r\nLast-Event-ID: r0\r\n"), request.join());
    }

    @Test
    void readsABodyOfAGivenLengthAndNoFurther() throws IOException {
        byte[] events = utf8(EVENTS);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(events);
        body.writeBytes(utf8("data: past the length\n"));
        answer("HTTP/1.1 200 OK\r\ncontent-length: " + events.length + "\r\n\r\n", body.toByteArray());

        assertEquals(LINES, linesOf(null));
    }

    @Test
    void saysWhenTheAnswerIsNotOk() throws IOException {
        answer("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", new byte[0]);

        try (EventStreamConnection stream = open(null)) {
            assertEquals(503, stream.status());
            assertEquals(null, stream.readLine());
        }
    }

    /** Answers the next connection with {@code head} and {@code body}, then closes it; keeps its request. */
    private void answer(String head, byte[] body) {
        request = CompletableFuture.supplyAsync(() -> {
            try (Socket client = server.accept()) {
                String received = requestOf(client.getInputStream());
                OutputStream out = client.getOutputStream();
                out.write(utf8(head));
                out.write(body);
                out.flush();
                return received;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<String> linesOf(String lastEventId) throws IOException {
        List<String> lines = new ArrayList<>();
        try (EventStreamConnection stream = open(lastEventId)) {
            assertEquals(200, stream.status());
            for (String line = stream.readLine(); line != null; line = stream.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private EventStreamConnection open(String lastEventId) throws IOException {
        URI url = URI.create("http://localhost:" + server.getLocalPort() + "/stream?types=baby");
        return EventStreamConnection.open(url, lastEventId, Duration.ofSeconds(10));
    }

    private static String requestOf(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
