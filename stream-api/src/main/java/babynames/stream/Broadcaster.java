package babynames.stream;

import babynames.events.Sex;
import babynames.support.Problem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.sse.Event;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fans the one live feed out to every connected client, and lets clients join it at the right
 * place: a new client at the live cursor (after the latest top 10s), a resuming one after a replay
 * of what it missed. {@link #publish} is called from the feed thread only; it never waits for a
 * client (each has its own bounded queue).
 */
@Singleton
final class Broadcaster implements GracefulShutdownCapable {
    static final Event<String> RECONNECT = Event.of(
                    "{\"reason\":\"server shutting down; reconnect with Last-Event-ID\"}")
            .name("reconnect")
            .retry(Duration.ofMillis(500));

    private final Set<ClientStream> clients = ConcurrentHashMap.newKeySet();
    private final Map<Sex, StreamEvent> latestTop10 = new EnumMap<>(Sex.class);
    private final Object lock = new Object();
    private final int bufferSize;
    private final StreamMetrics metrics;
    private final Replayer replayer;
    private final ScheduledExecutorService ticker;

    private StreamCursor current;
    private boolean open;
    private boolean closing;

    Broadcaster(
            @Value("${babynames.stream.client-buffer}") int bufferSize,
            @Value("${babynames.stream.keep-alive-interval}") Duration keepAliveInterval,
            StreamMetrics metrics,
            Replayer replayer,
            MeterRegistry meters) {
        this.bufferSize = bufferSize;
        this.metrics = metrics;
        this.replayer = replayer;
        Gauge.builder("babynames.stream.clients", clients, Set::size)
                .description("SSE clients connected to this instance")
                .register(meters);
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stream-ticks");
            thread.setDaemon(true);
            return thread;
        });
        long every = keepAliveInterval.toMillis();
        ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** A new stream for a client, starting where it asked. */
    ClientStream open(StreamFilter filter, Resume resume) {
        ClientStream client = new ClientStream(filter, bufferSize, metrics, clients::remove);
        synchronized (lock) {
            if (!open || closing) {
                throw Problem.of("not-ready", "Not ready", 503, "the stream is not reading Kafka (yet)")
                        .toException()
                        .withHeader("Retry-After", "1");
            }
            StreamCursor live = current;
            clients.add(client);
            if (resume.unknownId() != null) {
                client.gap("Last-Event-ID is not a position of this stream; continuing with live events", live);
                metrics.gap();
            } else if (resume.after() == null) {
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
            for (ClientStream client : clients) {
                client.offerLive(event);
            }
        }
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
    }
}
