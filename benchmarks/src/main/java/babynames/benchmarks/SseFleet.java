package babynames.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many SSE clients on one selector thread (a thread or an HTTP client per connection would not
 * reach 10,000 on 2 cores). Each one reads its stream and records, for every {@code baby} event,
 * the time from its {@code registeredAt} (set by the publisher, in this JVM) to its arrival.
 */
final class SseFleet implements AutoCloseable {
    private final InetSocketAddress server;
    private final String path;
    private final Selector selector;
    private final Queue<SocketChannel> joining = new ConcurrentLinkedQueue<>();
    private final List<SocketChannel> channels = new ArrayList<>();
    private final Thread loop;
    private final RegisteredAtScanner scanner = new RegisteredAtScanner();
    private final Object samplesLock = new Object();
    private long[] samples = new long[1 << 16];
    private int sampleCount;
    private volatile int closedByServer;
    private volatile boolean running = true;

    SseFleet(String host, int port, String path) {
        this.server = new InetSocketAddress(host, port);
        this.path = path;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.loop = new Thread(this::run, "sse-fleet");
        this.loop.start();
    }

    /** Opens more connections, each sending its GET /stream. */
    void connect(int more) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < more; i++) {
            SocketChannel channel = SocketChannel.open(server);
            channel.write(ByteBuffer.wrap(request));
            channel.configureBlocking(false);
            channels.add(channel);
            joining.add(channel);
            if (i % 256 == 0) {
                selector.wakeup();
            }
        }
        selector.wakeup();
    }

    int connections() {
        return channels.size();
    }

    int closedByServer() {
        return closedByServer;
    }

    /** The delivery latencies (ms) recorded since the last call. */
    long[] drainSamples() {
        synchronized (samplesLock) {
            long[] out = java.util.Arrays.copyOf(samples, sampleCount);
            sampleCount = 0;
            return out;
        }
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[64 * 1024];
        while (running) {
            try {
                selector.select(100);
                SocketChannel next;
                while ((next = joining.poll()) != null) {
                    next.register(selector, SelectionKey.OP_READ, new RegisteredAtScanner.Tail());
                }
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    SocketChannel channel = (SocketChannel) key.channel();
                    buffer.clear();
                    int read = channel.read(buffer);
                    if (read < 0) {
                        closedByServer++;
                        key.cancel();
                        channel.close();
                        continue;
                    }
                    buffer.flip();
                    buffer.get(bytes, 0, read);
                    long now = System.currentTimeMillis();
                    scanner.scan(
                            (RegisteredAtScanner.Tail) key.attachment(),
                            bytes,
                            read,
                            registeredAt -> record(now - registeredAt));
                }
            } catch (IOException e) {
                if (running) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void record(long millis) {
        synchronized (samplesLock) {
            if (sampleCount == samples.length) {
                samples = java.util.Arrays.copyOf(samples, samples.length * 2);
            }
            samples[sampleCount++] = millis;
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
            for (SocketChannel channel : channels) {
                channel.close();
            }
            selector.close();
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
