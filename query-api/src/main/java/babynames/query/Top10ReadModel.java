package babynames.query;

import babynames.events.Sex;
import babynames.events.Top10Changed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The latest top 10 of each sex. Delivery from the outbox is at least once and a replay starts
 * from the beginning, so a snapshot replaces the one held only when its version is higher.
 */
@Singleton
final class Top10ReadModel {
    private final Map<Sex, Top10Changed> latest = new EnumMap<>(Sex.class);

    Top10ReadModel() {}

    /** Exposes the version held and its age (since the change) for each sex. */
    @Inject
    Top10ReadModel(MeterRegistry meters) {
        for (Sex sex : Sex.values()) {
            Gauge.builder("babynames.query.read.model.version", this, model -> model.version(sex))
                    .description("Version of the top 10 held in memory")
                    .tag("sex", sex.wireName())
                    .register(meters);
            Gauge.builder("babynames.query.read.model.age.seconds", this, model -> model.ageSeconds(sex))
                    .description("Seconds since the held top 10 changed")
                    .tag("sex", sex.wireName())
                    .register(meters);
        }
    }

    /** Returns whether the snapshot was newer than the one held (and so replaced it). */
    synchronized boolean apply(Top10Changed snapshot) {
        Top10Changed held = latest.get(snapshot.sex());
        if (held != null && held.version() >= snapshot.version()) {
            return false;
        }
        latest.put(snapshot.sex(), snapshot);
        return true;
    }

    /** The snapshots of both sexes, taken together, so an answer never mixes two moments. */
    synchronized Map<Sex, Top10Changed> view() {
        return Map.copyOf(latest);
    }

    private synchronized double ageSeconds(Sex sex) {
        Top10Changed held = latest.get(sex);
        return held == null
                ? Double.NaN
                : Duration.between(held.changedAt(), Instant.now()).toMillis() / 1000.0;
    }

    synchronized long version(Sex sex) {
        Top10Changed held = latest.get(sex);
        return held == null ? 0 : held.version();
    }
}
