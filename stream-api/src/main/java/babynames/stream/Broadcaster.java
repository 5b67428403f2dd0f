package babynames.stream;

import babynames.events.Sex;
import babynames.support.Problem;
import babynames.support.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
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
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
    private final StreamSettings settings;
    private final StreamMetrics metrics;
    private final Replayer replayer;
    private final ScheduledExecutorService ticker;
    private final List<Shard> ownShards = new ArrayList<>();
    private final Map<Executor, Shard> shardOfEventLoop = new ConcurrentHashMap<>();
    private final AtomicInteger nextShard = new AtomicInteger();

    private StreamCursor current;
    private boolean open;
    private boolean closing;

    Broadcaster(
            StreamSettings settings,
            @Value("${babynames.stream.fan-out-threads:0}") int fanOutThreads,
            StreamMetrics metrics,
            Replayer replayer,
            MeterRegistry meters) {
        this.settings = settings;
        this.metrics = metrics;
        this.replayer = replayer;
        Gauge.builder("babynames.stream.clients", clients, Set::size)
                .description("SSE clients connected to this instance")
                .register(meters);
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stream-ticks"));
        long every = settings.keepAliveInterval().toMillis();
        ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
        int threads = fanOutThreads > 0 ? fanOutThreads : Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < threads; i++) {
            ownShards.add(Shard.ownThread("stream-fan-out-" + i));
        }
    }

    /**
     * A share of the clients and the one thread that hands them each event, in feed order. Handing
     * an event to thousands of clients takes a while; shards do it side by side, on every core. A
     * connection's stream is in the shard of its own event loop, so its writes need no hand-over
     * between threads; streams without one share a few threads of the broadcaster's own.
     */
    private static final class Shard {
        final Set<ClientStream> clients = ConcurrentHashMap.newKeySet();
        final Executor thread;

        Shard(Executor thread) {
            this.thread = thread;
        }

        static Shard ownThread(String name) {
            // A full queue makes the feed wait: the whole instance is behind, not one client.
            return new Shard(new ThreadPoolExecutor(
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
                    }));
        }

        void publishIfWatched(StreamEvent event) {
            if (clients.isEmpty()) {
                return;
            }
            thread.execute(() -> {
                for (ClientStream client : clients) {
                    client.offerLive(event);
                }
            });
        }
    }

    /**
     * A new stream for a client, starting where it asked. Its start is decided, and the stream
     * built with it, before the stream joins its shard: from then on every event the shard hands
     * it is one it knows to skip, hold back or send.
     */
    ClientStream open(StreamFilter filter, Resume resume, String correlationId) {
        return open(filter, resume, correlationId, null);
    }

    /** The same, for a stream that writes to a connection on {@code eventLoop} (null: no such thread). */
    ClientStream open(StreamFilter filter, Resume resume, String correlationId, Executor eventLoop) {
        synchronized (lock) {
            Shard shard = eventLoop == null
                    ? ownShards.get(Math.floorMod(nextShard.getAndIncrement(), ownShards.size()))
                    : shardOfEventLoop.computeIfAbsent(eventLoop, Shard::new);
            if (!open || closing) {
                throw unavailable("not-ready", "Not ready", "the stream is not reading Kafka (yet)");
            }
            if (clients.size() >= settings.maxClients()) {
                metrics.refused();
                throw unavailable(
                        "too-many-clients",
                        "Too many clients",
                        "this instance serves its maximum of " + settings.maxClients() + " clients");
            }
            // Events up to the live cursor may still be on their way through the shards.
            StreamCursor live = current;
            ClientStream.Start start = startOf(resume, live);
            ClientStream client = new ClientStream(filter, start, settings.clientBounds(), metrics, closed -> {
                clients.remove(closed);
                shard.clients.remove(closed);
            });
            if (start instanceof ClientStream.Start.AfterReplay) {
                try {
                    replayer.replay(client, resume.after(), () -> joinFeed(client, shard), correlationId);
                } catch (RejectedExecutionException e) {
                    metrics.refused();
                    throw unavailable("too-many-replays", "Too many resumes", "too many resumes wait for their replay");
                }
            } else {
                shard.clients.add(client);
            }
            clients.add(client);
            return client;
        }
    }

    /**
     * A resuming stream joins the feed when its replay starts, not while the replay waits its turn
     * (it would hold live events back all that time): the replay then reads up to the live cursor
     * of that moment.
     */
    private StreamCursor joinFeed(ClientStream client, Shard shard) {
        synchronized (lock) {
            shard.clients.add(client);
            // A stream that ended before it joined has already left the sets; it must not stay in one.
            if (client.isClosed()) {
                shard.clients.remove(client);
            }
            return current;
        }
    }

    private ClientStream.Start startOf(Resume resume, StreamCursor live) {
        if (resume.unknownId() != null) {
            metrics.gap();
            return gapAt(live, "Last-Event-ID is not a position of this stream; continuing with live events");
        }
        if (resume.after() == null) {
            List<byte[]> snapshot = latestTop10.values().stream()
                    .map(event -> event.frameAt(live))
                    .toList();
            return new ClientStream.Start.At(live, snapshot);
        }
        if (resume.after().atOrPast(live)) {
            // Where the feed is, or ahead of it (the client came from a faster instance).
            return new ClientStream.Start.At(resume.after(), List.of());
        }
        if (live.distanceFrom(resume.after()) > settings.maxReplayEvents()) {
            metrics.gap();
            return gapAt(
                    live,
                    "more than " + settings.maxReplayEvents() + " events were missed; continuing with live events");
        }
        return new ClientStream.Start.AfterReplay();
    }

    private static ClientStream.Start gapAt(StreamCursor live, String reason) {
        return new ClientStream.Start.At(live, List.of(ClientStream.gapFrame(reason, live)));
    }

    private static ProblemException unavailable(String type, String title, String detail) {
        return Problem.of(type, title, 503, detail).toException().withHeader("Retry-After", "1");
    }

    /** The feed reached a record that is not an event (unreadable): the cursor moves all the same. */
    void moveTo(StreamCursor cursor) {
        synchronized (lock) {
            current = cursor;
        }
    }

    /**
     * Moves the cursor past a registration when no client is connected, and says so: the feed then
     * neither decodes nor encodes it, and no shard is woken for it (with nobody watching, the
     * stream costs next to nothing per registration). False when some client is connected: publish
     * it. Decided under the lock that opens streams, so a stream opened after this starts past the
     * registration, and one opened before is a client here. The latest top 10s are always kept
     * (a new client starts with them), so a record of any other feed is never skipped.
     */
    boolean skipUnwatched(Feed feed, StreamCursor after) {
        if (feed != Feed.REGISTRATIONS) {
            return false;
        }
        synchronized (lock) {
            if (!clients.isEmpty()) {
                return false;
            }
            current = after;
            return true;
        }
    }

    void publish(StreamEvent event) {
        synchronized (lock) {
            current = event.cursor();
            if (StreamEvent.TOP10.equals(event.type())) {
                latestTop10.put(event.sex(), event);
            }
        }
        // Only shards with clients are woken, asked once the cursor has moved: a client that was
        // in a shard before then is in it now, and one that joins one from now on starts at or
        // past this event.
        ownShards.forEach(shard -> shard.publishIfWatched(event));
        shardOfEventLoop.values().forEach(shard -> shard.publishIfWatched(event));
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
        ownShards.forEach(shard -> ((ThreadPoolExecutor) shard.thread).shutdownNow());
    }
}
