package babynames.loadgen;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.testsupport.InProgressFirstRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A registration whose key is answered {@code 409} (still being accepted: after a {@code 503} it
 * stays so until Kafka has answered) is sent again with that key after the answer's
 * {@code Retry-After}, and its {@code 202} goes in the books; an answer that closes its
 * connection, or a server that closes an idle one, leaves the next registration to a new one.
 */
class RegistrarTest {

    @Test
    void aKeyStillBeingAcceptedIsSentAgainAndCountedOnceAccepted() {
        try (InProgressFirstRegistration registration = new InProgressFirstRegistration();
                Registrar registrar = new Registrar(URI.create(registration.url()), new RegistrationBook(16))) {
            for (int i = 0; i < 3; i++) {
                registrar.send(new ZipfNames.Ranked(Sex.FEMALE, "OLIVIA", 1), System.nanoTime());
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(3, registrar.book.acceptedCount());
            assertEquals(
                    3,
                    registrar
                            .acceptedByName
                            .get(Registrar.key(Sex.FEMALE, "OLIVIA"))
                            .get());
            assertEquals(0, registrar.otherStatus.get());
            assertEquals(3, registrar.retriedInProgress.get());
        }
    }

    /** The server says when to come back: a client that retries sooner only adds to its load. */
    @Test
    void aRegistrationIsSentAgainNoSoonerThanItsRetryAfter() {
        try (InProgressFirstRegistration registration = new InProgressFirstRegistration(3);
                Registrar registrar = new Registrar(URI.create(registration.url()), new RegistrationBook(16))) {
            registrar.send(new ZipfNames.Ranked(Sex.MALE, "NOAH", 1), System.nanoTime());

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(1, registrar.book.acceptedCount());
            List<Long> arrivals =
                    registration.arrivalNanos(registration.keys().iterator().next());
            assertEquals(2, arrivals.size());
            Duration waited = Duration.ofNanos(arrivals.get(1) - arrivals.get(0));
            assertTrue(waited.compareTo(Duration.ofSeconds(3)) >= 0, "sent again after " + waited);
        }
    }

    /**
     * A server shutting down answers {@code Connection: close} and then closes: a registration sent
     * on that connection meanwhile would fail for nothing. This one keeps the connection open until
     * something more arrives on it, and then closes it unanswered.
     */
    @Test
    void anAnswerThatClosesItsConnectionIsTheLastOnIt() throws IOException {
        try (ClosingAfterEachAnswer server = new ClosingAfterEachAnswer();
                Registrar registrar = new Registrar(URI.create(server.url()), new RegistrationBook(16))) {
            twoOnClosedConnections(server, registrar);
            assertEquals(0, server.sentOnAClosingConnection.get());
        }
    }

    /**
     * A server closes a keep-alive connection it has answered on (an idle timeout, a restart)
     * without saying so: the next registration must not be sent on it, where it would fail for
     * nothing, but on a new connection.
     */
    @Test
    void anIdleConnectionTheServerClosedIsNotSentOnAgain() throws IOException {
        try (ClosingAfterEachAnswer server = ClosingAfterEachAnswer.withoutSaying();
                Registrar registrar = new Registrar(URI.create(server.url()), new RegistrationBook(16))) {
            twoOnClosedConnections(server, registrar);
            assertEquals(0, registrar.retriedAfterNoAnswer.get());
        }
    }

    /**
     * One registration, and once the server has closed its connection another: both accepted, each
     * on a connection of its own, none failed.
     */
    private static void twoOnClosedConnections(ClosingAfterEachAnswer server, Registrar registrar) {
        registrar.send(new ZipfNames.Ranked(Sex.FEMALE, "AMELIA", 2), System.nanoTime());
        await().atMost(Duration.ofSeconds(15)).until(() -> registrar.book.acceptedCount() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> server.closed.get() == 1);
        registrar.send(new ZipfNames.Ranked(Sex.FEMALE, "AMELIA", 2), System.nanoTime());

        await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
        assertEquals(2, registrar.book.acceptedCount());
        assertEquals(0, registrar.failed.get());
        assertEquals(2, server.connections.get());
    }

    /**
     * A service killed after writing a registration but before answering it: the connection is
     * cut off. Whether it was written is not known, so it is sent again with its key; the service
     * answers with the id it derives from the key, and the registration is in the books once, not
     * as a failure (which the ranker's count would then show as counted twice).
     */
    @Test
    void aRegistrationCutOffBeforeItsAnswerIsSentAgainWithItsKey() throws IOException {
        try (CutOffAtFirstAttempt server = new CutOffAtFirstAttempt();
                Registrar registrar = new Registrar(URI.create(server.url()), new RegistrationBook(16))) {
            registrar.send(new ZipfNames.Ranked(Sex.FEMALE, "ISLA", 5), System.nanoTime());
            registrar.send(new ZipfNames.Ranked(Sex.MALE, "OLIVER", 6), System.nanoTime());

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(2, registrar.book.acceptedCount());
            assertEquals(0, registrar.failed.get());
            assertEquals(2, registrar.retriedAfterNoAnswer.get());
            assertEquals(2, server.attemptsByKey.size());
            server.attemptsByKey.forEach((key, attempts) -> assertEquals(2, attempts.get(), key));
        }
    }

    /** A server that says it accepted a registration without saying its id: another answer, not an accepted one. */
    @Test
    void anAcceptedAnswerWithoutAnIdIsNotInTheBooksAsAccepted() throws IOException {
        try (ClosingAfterEachAnswer server = new ClosingAfterEachAnswer(() -> "{}");
                Registrar registrar = new Registrar(URI.create(server.url()), new RegistrationBook(16))) {
            registrar.send(new ZipfNames.Ranked(Sex.MALE, "MUHAMMAD", 3), System.nanoTime());

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(0, registrar.book.acceptedCount());
            assertEquals(1, registrar.otherStatus.get());
        }
    }

    /** Reads a request's head and its Content-Length body; returns the head. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended in its head");
            }
            head.append((char) b);
        }
        in.readNBytes(Integer.parseInt(header(head.toString(), "content-length")));
        return head.toString();
    }

    /** Writes a {@code 202} with this JSON body, saying the connection closes after it or not. */
    private static void accepted(OutputStream out, String json, boolean saysItCloses) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                        + (saysItCloses ? "Connection: close\r\n" : "")
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + head);
    }

    /** A server on a socket of its own that hands each connection it accepts to a thread of its own. */
    private abstract static class RawServer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        RawServer() throws IOException {
            socket = new ServerSocket(0);
        }

        /** Starts accepting: called last by each constructor, so its fields are set first. */
        void start() {
            threads.execute(this::accept);
        }

        String url() {
            return "http://localhost:" + socket.getLocalPort();
        }

        abstract void serve(Socket connection);

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    threads.execute(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.shutdownNow();
        }
    }

    /**
     * Keep-alive connections on which the first request of each {@code Idempotency-Key} is read
     * and then cut off unanswered, and every later one answered {@code 202} with an id derived from
     * the key (as registration-service derives it from key and request).
     */
    private static final class CutOffAtFirstAttempt extends RawServer {
        final Map<String, AtomicInteger> attemptsByKey = new ConcurrentHashMap<>();

        CutOffAtFirstAttempt() throws IOException {
            start();
        }

        @Override
        void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String key = header(readRequest(in), "idempotency-key");
                    if (attemptsByKey
                                    .computeIfAbsent(key, k -> new AtomicInteger())
                                    .incrementAndGet()
                            == 1) {
                        return; // cut off, unanswered
                    }
                    accepted(
                            out,
                            "{\"id\":\"" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)) + "\"}",
                            false);
                }
            } catch (IOException e) {
                // The client closed the connection.
            }
        }
    }

    /**
     * Answers one {@code POST} per connection {@code 202} and closes the connection: saying so
     * ({@code Connection: close}, then waiting for anything more the client sends), or not (an
     * answer that keeps the connection alive, then closed at once).
     */
    private static final class ClosingAfterEachAnswer extends RawServer {
        final AtomicInteger sentOnAClosingConnection = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        private final Supplier<String> bodies;
        private final boolean saysItCloses;

        ClosingAfterEachAnswer() throws IOException {
            this(ClosingAfterEachAnswer::anId, true);
        }

        ClosingAfterEachAnswer(Supplier<String> bodies) throws IOException {
            this(bodies, true);
        }

        private ClosingAfterEachAnswer(Supplier<String> bodies, boolean saysItCloses) throws IOException {
            this.bodies = bodies;
            this.saysItCloses = saysItCloses;
            start();
        }

        static ClosingAfterEachAnswer withoutSaying() throws IOException {
            return new ClosingAfterEachAnswer(ClosingAfterEachAnswer::anId, false);
        }

        private static String anId() {
            return "{\"id\":\"" + UUID.randomUUID() + "\"}";
        }

        /** Answers once. */
        @Override
        void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                readRequest(in);
                accepted(connection.getOutputStream(), bodies.get(), saysItCloses);
                if (saysItCloses) {
                    connection.setSoTimeout(10_000);
                    if (in.read() >= 0) {
                        sentOnAClosingConnection.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // The client closed the connection: what it should do.
            }
            closed.incrementAndGet();
        }
    }
}
