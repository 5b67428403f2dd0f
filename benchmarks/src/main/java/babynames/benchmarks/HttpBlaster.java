package babynames.benchmarks;

import babynames.loadgen.HttpAnswer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load driver, like wrk: keep-alive connections on one selector thread,
 * each sending its next pre-encoded request as soon as the answer to the last one is read. It
 * costs little per request, so on 2 cores it leaves the service most of the CPU; every endpoint
 * and its baseline are driven the same way, so what the driver costs weighs on both.
 */
public final class HttpBlaster {
    /** What one run at a fixed number of connections achieved. */
    record Result(int connections, double requestsPerSecond, double p50Ms, double p99Ms, long answers, long non2xx) {
        /** Whether the p99 stayed under the limit and every answer was a 2xx. */
        boolean held(double p99LimitMs) {
            return p99Ms < p99LimitMs && non2xx == 0;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d connections: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d answers, %d not 2xx",
                    connections,
                    requestsPerSecond,
                    p50Ms,
                    p99Ms,
                    answers,
                    non2xx);
        }
    }

    private final InetSocketAddress server;
    private final List<byte[]> requests;
    private long nextRequest;

    private HttpBlaster(String host, int port, List<byte[]> requests) {
        this.server = new InetSocketAddress(host, port);
        this.requests = requests;
    }

    /**
     * {@code java -cp benchmarks/target/benchmarks.jar babynames.benchmarks.HttpBlaster URL
     * [connections 16] [seconds 10] [JSON body]}: GETs one URL (POSTs the body, if given), like
     * wrk, and prints what it achieved.
     */
    public static void main(String[] args) throws IOException {
        java.net.URI url = java.net.URI.create(args[0]);
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String path = (url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        byte[] request =
                args.length > 3 ? post(path, "application/json", args[3].getBytes(StandardCharsets.UTF_8)) : get(path);
        System.out.println(run(
                url.getHost(),
                url.getPort(),
                List.of(request),
                connections,
                Duration.ofSeconds(2),
                Duration.ofSeconds(seconds)));
    }

    /** A request with no body. */
    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A request with a body of the given content type. */
    static byte[] post(String path, String contentType, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /**
     * Drives the requests (in turn, round the list) over {@code connections} connections; answers
     * completed during the warm-up are not measured.
     */
    static Result run(String host, int port, List<byte[]> requests, int connections, Duration warmup, Duration measured)
            throws IOException {
        return new HttpBlaster(host, port, requests).drive(connections, warmup, measured);
    }

    /** One run per connection count, each with its warm-up. */
    static List<Result> sweep(
            String host, int port, List<byte[]> requests, int[] connections, Duration warmup, Duration measured)
            throws IOException {
        List<Result> results = new ArrayList<>();
        for (int count : connections) {
            results.add(run(host, port, requests, count, warmup, measured));
        }
        return results;
    }

    /** The most requests/s among the results whose p99 stayed under the limit; null if none did. */
    static Result bestUnder(List<Result> results, double p99LimitMs) {
        Result best = null;
        for (Result result : results) {
            if (result.held(p99LimitMs) && (best == null || result.requestsPerSecond() > best.requestsPerSecond())) {
                best = result;
            }
        }
        return best;
    }

    private Result drive(int connections, Duration warmup, Duration measured) throws IOException {
        Histogram latencies = new Histogram(60_000_000L, 3);
        long answers = 0;
        long non2xx = 0;
        ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
        try (Selector selector = Selector.open()) {
            List<Connection> open = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open(server);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection connection = new Connection(channel);
                connection.key = channel.register(selector, 0, connection);
                open.add(connection);
            }
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long measureTo = measureFrom + measured.toNanos();
            for (Connection connection : open) {
                send(connection);
            }
            while (true) {
                long now = System.nanoTime();
                if (now >= measureTo) {
                    break;
                }
                selector.select(Math.max(1, (measureTo - now) / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    if (key.isWritable()) {
                        writeSome(connection);
                    }
                    if (key.isReadable()) {
                        readBuffer.clear();
                        int read = connection.channel.read(readBuffer);
                        if (read < 0) {
                            throw new IOException("The server closed a connection");
                        }
                        readBuffer.flip();
                        connection.answer.append(readBuffer);
                        if (connection.answer.complete()) {
                            int status = connection.answer.status();
                            long done = System.nanoTime();
                            if (done >= measureFrom && done < measureTo) {
                                latencies.recordValue(Math.min(
                                        latencies.getHighestTrackableValue(), (done - connection.sentAt) / 1000));
                                answers++;
                                if (status < 200 || status > 299) {
                                    non2xx++;
                                }
                            }
                            send(connection);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            for (Connection connection : open) {
                connection.channel.close();
            }
        }
        double seconds = measured.toNanos() / 1e9;
        return new Result(
                connections,
                answers / seconds,
                latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0,
                answers,
                non2xx);
    }

    private void send(Connection connection) throws IOException {
        byte[] request = requests.get((int) (nextRequest++ % requests.size()));
        connection.reset(ByteBuffer.wrap(request));
        connection.sentAt = System.nanoTime();
        writeSome(connection);
    }

    private static void writeSome(Connection connection) throws IOException {
        connection.channel.write(connection.out);
        connection.key.interestOps(connection.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** One keep-alive connection: the request being sent and the answer read so far. */
    private static final class Connection {
        private final SocketChannel channel;
        private final HttpAnswer answer = new HttpAnswer();
        private SelectionKey key;
        private ByteBuffer out;
        private long sentAt;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void reset(ByteBuffer request) {
            out = request;
            answer.reset();
        }
    }
}
