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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A registration whose key is answered {@code 409} (still being accepted: after a {@code 503} it
 * stays so until Kafka has answered) is sent again with that key after the answer's
 * {@code Retry-After}, and its {@code 202} goes in the books; an answer that closes its
 * connection leaves the next registration to a new one.
 */
class RegistrarTest {

    @Test
    void aKeyStillBeingAcceptedIsSentAgainAndCountedOnceAccepted() {
        try (InProgressFirstRegistration registration = new InProgressFirstRegistration();
                Registrar registrar = new Registrar(URI.create(registration.url()))) {
            for (int i = 0; i < 3; i++) {
                registrar.send(new ZipfNames.Ranked(Sex.FEMALE, "OLIVIA", 1), System.nanoTime());
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(3, registrar.accepted.size());
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
                Registrar registrar = new Registrar(URI.create(registration.url()))) {
            registrar.send(new ZipfNames.Ranked(Sex.MALE, "NOAH", 1), System.nanoTime());

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(1, registrar.accepted.size());
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
                Registrar registrar = new Registrar(URI.create(server.url()))) {
            registrar.send(new ZipfNames.Ranked(Sex.FEMALE, "AMELIA", 2), System.nanoTime());
            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.accepted.size() == 1);
            registrar.send(new ZipfNames.Ranked(Sex.FEMALE, "AMELIA", 2), System.nanoTime());

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(2, registrar.accepted.size());
            assertEquals(0, registrar.failed.get());
            assertEquals(2, server.connections.get());
            assertEquals(0, server.sentOnAClosingConnection.get());
        }
    }

    /** A server that says it accepted a registration without saying its id: another answer, not an accepted one. */
    @Test
    void anAcceptedAnswerWithoutAnIdIsNotInTheBooksAsAccepted() throws IOException {
        try (ClosingAfterEachAnswer server = new ClosingAfterEachAnswer(() -> "{}");
                Registrar registrar = new Registrar(URI.create(server.url()))) {
            registrar.send(new ZipfNames.Ranked(Sex.MALE, "MUHAMMAD", 3), System.nanoTime());

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(0, registrar.accepted.size());
            assertEquals(1, registrar.otherStatus.get());
        }
    }

    /** Answers one {@code POST} per connection {@code 202} with {@code Connection: close}. */
    private static final class ClosingAfterEachAnswer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger sentOnAClosingConnection = new AtomicInteger();
        private final ServerSocket socket;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final Supplier<String> bodies;

        ClosingAfterEachAnswer() throws IOException {
            this(() -> "{\"id\":\"" + UUID.randomUUID() + "\"}");
        }

        ClosingAfterEachAnswer(Supplier<String> bodies) throws IOException {
            this.bodies = bodies;
            socket = new ServerSocket(0);
            threads.execute(this::accept);
        }

        String url() {
            return "http://localhost:" + socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    threads.execute(() -> answerOnce(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void answerOnce(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                readRequest(in);
                byte[] body = bodies.get().getBytes(StandardCharsets.UTF_8);
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nConnection: close\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                connection.setSoTimeout(10_000);
                if (in.read() >= 0) {
                    sentOnAClosingConnection.incrementAndGet();
                }
            } catch (IOException e) {
                // The client closed the connection: what it should do.
            }
        }

        /** Reads a request's head and its Content-Length body. */
        private static void readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the request ended in its head");
                }
                head.append((char) b);
            }
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(
                            line.substring("content-length:".length()).trim()));
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.shutdownNow();
        }
    }
}
