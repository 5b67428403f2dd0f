package babynames.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the broker, without blocking the caller, whether it answers right now: for readiness checks.
 * Callers share the question in flight, and a yes for a second, so a health endpoint polled hard
 * (probes, dashboards, load tests) stays cheap and spares the broker; a no is asked again at the
 * next call, so a service that is starting is ready as soon as the broker answers.
 */
public final class BrokerProbe implements AutoCloseable {
    static final Duration FRESH_FOR = Duration.ofSeconds(1);
    private static final int TIMEOUT_MS = 2000;

    private final Admin admin;
    private final Supplier<CompletableFuture<Boolean>> ask;
    private final LongSupplier nanoTime;
    private CompletableFuture<Boolean> latest;
    private long askedAt;

    public BrokerProbe(KafkaConnection kafka) {
        this.admin = Admin.create(kafka.properties(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.CLIENT_ID_CONFIG, "broker-probe")));
        this.ask = () -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                .clusterId()
                .toCompletionStage()
                .toCompletableFuture()
                .handle((clusterId, error) -> error == null && clusterId != null);
        this.nanoTime = System::nanoTime;
    }

    /** For tests: {@code ask} stands for the broker, {@code nanoTime} for the clock. */
    BrokerProbe(Supplier<CompletableFuture<Boolean>> ask, LongSupplier nanoTime) {
        this.admin = null;
        this.ask = ask;
        this.nanoTime = nanoTime;
    }

    /** Completes with true when the broker named its cluster within two seconds, false otherwise. */
    public synchronized CompletableFuture<Boolean> answers() {
        long now = nanoTime.getAsLong();
        boolean stale = latest == null || (latest.isDone() && (!latest.join() || now - askedAt >= FRESH_FOR.toNanos()));
        if (stale) {
            latest = ask.get();
            askedAt = now;
        }
        return latest;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
