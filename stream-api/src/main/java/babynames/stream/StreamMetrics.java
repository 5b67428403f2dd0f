package babynames.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the stream does for its clients, as metrics. */
@Singleton
final class StreamMetrics {
    private final Counter delivered;
    private final Counter overflows;
    private final Counter replays;
    private final Counter gaps;
    private final Counter refused;
    private final Timer deliveryLatency;

    StreamMetrics(MeterRegistry meters) {
        this.delivered = Counter.builder("babynames.stream.events.delivered")
                .description("Live events handed to client connections")
                .register(meters);
        this.overflows = Counter.builder("babynames.stream.overflows")
                .description("Clients cut off because their buffer overflowed")
                .register(meters);
        this.replays = Counter.builder("babynames.stream.replays")
                .tag("outcome", "replayed")
                .description("Resumes that replayed missed events from Kafka")
                .register(meters);
        this.gaps = Counter.builder("babynames.stream.replays")
                .tag("outcome", "gap")
                .description("Resumes from a position Kafka no longer has (the client got a gap event)")
                .register(meters);
        this.refused = Counter.builder("babynames.stream.refused")
                .description("Connections refused with 503 because a bound of this instance was reached")
                .register(meters);
        this.deliveryLatency = Timer.builder("babynames.stream.delivery.latency")
                .description("From the Kafka record's timestamp to the event's write to a client")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    void delivered(long kafkaTimestampMillis) {
        delivered.increment();
        deliveryLatency.record(Math.max(0, System.currentTimeMillis() - kafkaTimestampMillis), TimeUnit.MILLISECONDS);
    }

    void overflowed() {
        overflows.increment();
    }

    void replayed() {
        replays.increment();
    }

    void refused() {
        refused.increment();
    }

    void gap() {
        gaps.increment();
    }
}
