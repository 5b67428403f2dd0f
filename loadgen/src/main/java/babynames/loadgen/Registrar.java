package babynames.loadgen;

import babynames.events.Sex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Sends registrations without waiting for answers (each arrival goes out when it is due) and
 * records each one's latency from when it was due, so a stalled server shows as latency.
 *
 * <p>Each registration carries an {@code Idempotency-Key}. A {@code 503} does not say whether it
 * was written, a {@code 409} says the request with that key is still being accepted (after a
 * {@code 503} it stays so until Kafka has answered), and no answer at all (the connection refused,
 * cut off, or silent for 30 s: a service killed or restarting) says nothing either, so each is
 * sent again with the same key after the answer's {@code Retry-After} (a second without one; up
 * to {@link #MAX_ATTEMPTS} attempts). The service derives the event's id from key and request, so
 * a registration written before its answer was lost is not counted again: it is then counted once
 * whatever happened, and the books balance. Its latency runs from when it was first due.
 *
 * <p>Keep-alive HTTP/1.1 connections on one selector thread, at most {@link #MAX_CONNECTIONS} of
 * them: beyond that, registrations wait here, their latency still counted from when they were due.
 * (The JDK's HTTP client opened a connection for every waiting request, which made a slow server
 * slower with each one, and took half a core of the two at 1,000 requests/s.)
 */
final class Registrar implements AutoCloseable {
    static final int MAX_CONNECTIONS = 128;
    private static final int MAX_IN_FLIGHT = 20_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 10;
    private static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

    private final InetSocketAddress server;
    private final String requestHead;
    private final Selector selector;
    private final Thread loop;
    private final Queue<Due> waiting = new ConcurrentLinkedQueue<>();
    /** Registrations answered 503 or 409, soonest first, each with when it may go again. */
    private final PriorityQueue<Retry> retrying = new PriorityQueue<>(Comparator.comparingLong(Retry::notBeforeNanos));

    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final List<Connection> busy = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;
    private final AtomicBoolean wakeUpAsked = new AtomicBoolean();
    private int open;

    /** Latency of the registrations due after the warm-up (all of them when there is none). */
    final Recorder latencyMicros = new Recorder(3);
    /** Latency of the registrations due during the warm-up: shown, never in the figures. */
    final Recorder warmUpLatencyMicros = new Recorder(3);

    private volatile long measuredFromNanos = Long.MIN_VALUE;
    final AtomicLong acceptedMeasured = new AtomicLong();
    /** Which registrations were accepted, shared with the subscribers that see their events. */
    final RegistrationBook book;

    final Map<String, AtomicLong> acceptedByName = new ConcurrentHashMap<>();
    final AtomicLong sent = new AtomicLong();
    /** Answered 503 or 409 at the last attempt: whether Kafka has it is not known. */
    final AtomicLong unavailable = new AtomicLong();

    final AtomicLong retried = new AtomicLong();
    final AtomicLong retriedInProgress = new AtomicLong();
    final AtomicLong retriedAfterNoAnswer = new AtomicLong();
    final AtomicLong otherStatus = new AtomicLong();
    /** No answer at the last attempt either: whether Kafka has it is not known. */
    final AtomicLong failed = new AtomicLong();

    final AtomicLong dropped = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();

    /** A registration that is due, when it first was, its key, and which attempt this is. */
    private record Due(ZipfNames.Ranked pick, long dueNanos, String idempotencyKey, int attempt) {
        Due again() {
            return new Due(pick, dueNanos, idempotencyKey, attempt + 1);
        }
    }

    private record Retry(Due due, long notBeforeNanos) {}

    Registrar(URI registrationUrl, RegistrationBook book) {
        this.book = book;
        URI endpoint = registrationUrl.resolve("/baby");
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        this.server = new InetSocketAddress(endpoint.getHost(), port);
        this.requestHead = "POST " + endpoint.getRawPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + port
                + "\r\nContent-Type: application/json\r\nIdempotency-Key: ";
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.loop = new Thread(this::run, "loadgen-registrar");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    /** Registrations due before {@code nanos} (System.nanoTime()) are the warm-up: in the books, not in the figures. */
    void measureFrom(long nanos) {
        measuredFromNanos = nanos;
    }

    /** Sends one registration that was due at {@code dueNanos} (System.nanoTime()). */
    void send(ZipfNames.Ranked pick, long dueNanos) {
        if (inFlight.get() >= MAX_IN_FLIGHT) {
            dropped.incrementAndGet(); // the client cannot keep up: counted, never hidden
            return;
        }
        inFlight.incrementAndGet();
        sent.incrementAndGet();
        waiting.add(new Due(pick, dueNanos, UUID.randomUUID().toString(), 1));
        if (wakeUpAsked.compareAndSet(false, true)) {
            selector.wakeup(); // a syscall each: the registrations due together share one
        }
    }

    static String key(Sex sex, String name) {
        return sex.wireName() + ":" + name;
    }

    private void run() {
        long nextTimeoutCheck = System.nanoTime();
        while (running) {
            try {
                selector.select(100);
                wakeUpAsked.set(false); // before taking what is waiting, so nothing added later goes unnoticed
                for (SelectionKey key : selector.selectedKeys()) {
                    handle((Connection) key.attachment(), key);
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                while (!retrying.isEmpty() && retrying.peek().notBeforeNanos() <= now) {
                    waiting.add(retrying.poll().due());
                }
                sendWaiting();
                if (System.nanoTime() >= nextTimeoutCheck) {
                    failTimedOut();
                    nextTimeoutCheck = System.nanoTime() + 1_000_000_000L;
                }
            } catch (IOException e) {
                if (running) {
                    throw new UncheckedIOException(e);
                }
            } catch (ClosedSelectorException e) {
                return; // closed at the end of the run
            }
        }
    }

    private void sendWaiting() {
        while (!waiting.isEmpty()) {
            Connection connection = idle.pollFirst();
            if (connection == null) {
                if (open >= MAX_CONNECTIONS) {
                    return;
                }
                connection = connect();
                if (connection == null) {
                    answered(waiting.poll(), -1, null);
                    continue;
                }
            }
            connection.start(waiting.poll(), requestHead);
            busy.add(connection);
            try {
                write(connection);
            } catch (IOException e) {
                drop(connection);
            }
        }
    }

    private Connection connect() {
        try {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            Connection connection = new Connection(channel);
            boolean connected = channel.connect(server);
            connection.key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, connection);
            connection.connected = connected;
            open++;
            return connection;
        } catch (IOException e) {
            return null;
        }
    }

    private void handle(Connection connection, SelectionKey key) {
        try {
            if (key.isConnectable()) {
                connection.channel.finishConnect();
                connection.connected = true;
                write(connection);
                return;
            }
            if (key.isWritable()) {
                write(connection);
            }
            if (key.isReadable()) {
                if (connection.due == null) {
                    // An idle connection stays registered for reading (changing its interest costs a
                    // syscall per request): readable now means the server closed it, or broke the protocol.
                    drop(connection);
                    return;
                }
                readBuffer.clear();
                if (connection.channel.read(readBuffer) < 0) {
                    throw new IOException("the server closed the connection");
                }
                readBuffer.flip();
                connection.answer.append(readBuffer);
                if (connection.answer.complete()) {
                    Due due = connection.due;
                    int status = connection.answer.status();
                    String body = status == 202 ? connection.answer.body() : null;
                    long retryAfterSeconds = connection.answer.retryAfterSeconds(DEFAULT_RETRY_AFTER_SECONDS);
                    connection.due = null;
                    busy.remove(connection);
                    if (connection.answer.closesConnection()) {
                        drop(connection); // answered, and never sent on again
                    } else {
                        idle.addLast(connection);
                    }
                    answered(due, status, body, connection.sentNanos, retryAfterSeconds);
                }
            }
        } catch (IOException | RuntimeException e) {
            drop(connection);
        }
    }

    private void write(Connection connection) throws IOException {
        if (!connection.connected) {
            return;
        }
        connection.channel.write(connection.out);
        connection.key.interestOps(connection.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Closes a connection and forgets it; a request still on it counts as failed. */
    private void drop(Connection connection) {
        busy.remove(connection);
        idle.remove(connection);
        open--;
        try {
            connection.channel.close();
        } catch (IOException e) {
            // Closing what already failed.
        }
        if (connection.due != null) {
            answered(connection.due, -1, null);
        }
    }

    private void failTimedOut() {
        long now = System.nanoTime();
        for (Connection connection : List.copyOf(busy)) {
            if (now - connection.sentNanos > TIMEOUT.toNanos()) {
                drop(connection);
            }
        }
    }

    private void answered(Due due, int status, String body) {
        answered(due, status, body, System.nanoTime(), DEFAULT_RETRY_AFTER_SECONDS);
    }

    private void answered(Due due, int status, String body, long sentNanos, long retryAfterSeconds) {
        if (askAgain(status) && due.attempt() < MAX_ATTEMPTS && running) {
            (status == 503 ? retried : status == 409 ? retriedInProgress : retriedAfterNoAnswer).incrementAndGet();
            retrying.add(new Retry(
                    due.again(),
                    System.nanoTime() + Duration.ofSeconds(retryAfterSeconds).toNanos()));
            return;
        }
        boolean measured = due.dueNanos() >= measuredFromNanos;
        (measured ? latencyMicros : warmUpLatencyMicros)
                .recordValue(Math.max(0, (System.nanoTime() - due.dueNanos()) / 1000));
        inFlight.decrementAndGet();
        ZipfNames.Ranked pick = due.pick();
        UUID id = status == 202 ? RegistrationIds.in(body) : null;
        if (id != null) {
            book.accept(id, sentNanos, measured);
            if (measured) {
                acceptedMeasured.incrementAndGet();
            }
            acceptedByName
                    .computeIfAbsent(key(pick.sex(), pick.name()), k -> new AtomicLong())
                    .incrementAndGet();
        } else if (status < 0) {
            failed.incrementAndGet(); // still no answer at the last attempt
        } else if (askAgain(status)) {
            unavailable.incrementAndGet(); // still not known after the last attempt
        } else {
            otherStatus.incrementAndGet(); // any other answer, a 202 without an id among them
        }
    }

    /**
     * A 503 (not confirmed in time), a 409 (that key still being accepted) or no answer
     * ({@code status < 0}): ask again, with the same key.
     */
    private static boolean askAgain(int status) {
        return status == 503 || status == 409 || status < 0;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // Closing at the end of a run.
        }
    }

    /** One keep-alive connection: the registration on it, its request, and the answer so far. */
    private static final class Connection {
        private final SocketChannel channel;
        private final HttpAnswer answer = new HttpAnswer();
        private SelectionKey key;
        private boolean connected;
        private Due due;
        private ByteBuffer out;
        private long sentNanos;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void start(Due next, String requestHead) {
            due = next;
            answer.reset();
            byte[] body = ("{\"name\":\"" + next.pick().name() + "\",\"sex\":\""
                            + next.pick().sex().wireName() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] head = (requestHead + next.idempotencyKey() + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            out = ByteBuffer.allocate(head.length + body.length)
                    .put(head)
                    .put(body)
                    .flip();
            sentNanos = System.nanoTime();
        }
    }
}
