package babynames.stream;

import babynames.events.Sex;
import babynames.support.Problem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans the one live feed out to every connected client, and lets clients join it at the right
 * place: a new client at the live cursor (after the latest top 10s), a resuming one after a replay
 * of what it missed. {@link #publish} is called from the feed thread only; it never waits for a
 * client (each has its own bounded queue), and shards of clients get each event in parallel.
 */
@Singleton
final class Broadcaster implements GracefulShutdownCapable {
    static final byte[] RECONNECT = SseFrames.encode(
            "reconnect", null, "{\"reason\":\"server shutting down; reconnect with Last-Event-ID\"}", 500L);

    private final Set<ClientStream> clients = ConcurrentHashMap.newKeySet();
    private final Map<Sex, StreamEvent> latestTop10 = new EnumMap<>(Sex.class);
    private final Object lock = new Object();
    private final int bufferSize;
    private final Duration endingGrace;
    private final StreamMetrics metrics;
    private final Replayer replayer;
    private final ScheduledExecutorService ticker;
    private final List<Shard> shards = new ArrayList<>();
    private final AtomicInteger nextShard = new AtomicInteger();

    private StreamCursor current;
    private boolean open;
    private boolean closing;

    Broadcaster(
            @Value("${babynames.stream.client-buffer}") int bufferSize,
            @Value("${babynames.stream.ending-grace}") Duration endingGrace,
            @Value("${babynames.stream.keep-alive-interval}") Duration keepAliveInterval,
            @Value("${babynames.stream.fan-out-threads:0}") int fanOutThreads,
            StreamMetrics metrics,
            Replayer replayer,
            MeterRegistry meters) {
        this.bufferSize = bufferSize;
        this.endingGrace = endingGrace;
        this.metrics = metrics;
        this.replayer = replayer;
        Gauge.builder("babynames.stream.clients", clients, Set::size)
                .description("SSE clients connected to this instance")
                .register(meters);
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stream-ticks"));
        long every = keepAliveInterval.toMillis();
        ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
        int threads = fanOutThreads > 0 ? fanOutThreads : Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < threads; i++) {
            shards.add(new Shard("stream-fan-out-" + i));
        }
    }

    /**
     * A share of the clients and the one thread that hands them each event, in feed order. Handing
     * an event to thousands of clients takes a while; shards do it side by side, on every core.
     */
    private static final class Shard {
        final Set<ClientStream> clients = ConcurrentHashMap.newKeySet();
        final ThreadPoolExecutor thread;

        Shard(String name) {
            // A full queue makes the feed wait: the whole instance is behind, not one client.
            this.thread = new ThreadPoolExecutor(
                    1,
                    1,
                    0,
                    TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(4096),
                    DaemonThreads.named(name),
                    (task, executor) -> {
                        try {
                            executor.getQueue().put(task);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
        }

        void publish(StreamEvent event) {
            thread.execute(() -> {
                for (ClientStream client : clients) {
                    client.offerLive(event);
                }
            });
        }
    }

    /** A new stream for a client, starting where it asked. */
    ClientStream open(StreamFilter filter, Resume resume) {
        Shard shard = shards.get(Math.floorMod(nextShard.getAndIncrement(), shards.size()));
        ClientStream client = new ClientStream(filter, bufferSize, endingGrace, metrics, closed -> {
            clients.remove(closed);
            shard.clients.remove(closed);
        });
        synchronized (lock) {
            if (!open || closing) {
                throw Problem.of("not-ready", "Not ready", 503, "the stream is not reading Kafka (yet)")
                        .toException()
                        .withHeader("Retry-After", "1");
            }
            // The client starts at the live cursor; its shard may still be handing out events from
            // before it, which the client skips as already passed.
            StreamCursor live = current;
            clients.add(client);
            shard.clients.add(client);
            if (resume.unknownId() != null) {
                client.gap("Last-Event-ID is not a position of this stream; continuing with live events", live);
                metrics.gap();
            } else if (resume.after() == null) {
                client.resumeAt(live);
                latestTop10.values().forEach(event -> client.offerSnapshot(event, live));
            } else if (resume.after().atOrPast(live) && live.atOrPast(resume.after())) {
                client.resumeAt(resume.after());
            } else {
                client.startReplay();
                replayer.replay(client, resume.after(), live);
            }
        }
        return client;
    }

    /** The feed reached a record that is not an event (unreadable): the cursor moves all the same. */
    void moveTo(StreamCursor cursor) {
        synchronized (lock) {
            current = cursor;
        }
    }

    void publish(StreamEvent event) {
        synchronized (lock) {
            current = event.cursor();
            if (StreamEvent.TOP10.equals(event.type())) {
                latestTop10.put(event.sex(), event);
            }
        }
        shards.forEach(shard -> shard.publish(event));
    }

    /** The feed is live: clients may join. */
    void openToClients() {
        synchronized (lock) {
            open = current != null;
        }
    }

    int clientCount() {
        return clients.size();
    }

    /** On SIGTERM: every client is told to reconnect (to another instance, or to this one once back). */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        List<ClientStream> connected;
        synchronized (lock) {
            closing = true;
            connected = List.copyOf(clients);
        }
        connected.forEach(client -> client.finish(RECONNECT));
        CompletableFuture<Void> allGone = new CompletableFuture<>();
        ticker.scheduleAtFixedRate(
                () -> {
                    if (clients.isEmpty()) {
                        allGone.complete(null);
                    }
                },
                0,
                20,
                TimeUnit.MILLISECONDS);
        return allGone.completeOnTimeout(null, 5, TimeUnit.SECONDS);
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(clients.size());
    }

    private void tick() {
        long now = System.currentTimeMillis();
        for (ClientStream client : clients) {
            client.tick(now);
        }
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        shards.forEach(shard -> shard.thread.shutdownNow());
    }
}
