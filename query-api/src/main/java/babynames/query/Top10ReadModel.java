package babynames.query;

import babynames.events.Sex;
import babynames.events.Top10Changed;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest top 10 of each sex. Delivery from the outbox is at least once and a replay starts
 * from the beginning, so a snapshot replaces the one held only when its version is higher.
 */
@Singleton
final class Top10ReadModel {
    private final Map<Sex, Top10Changed> latest = new EnumMap<>(Sex.class);

    /** Returns whether the snapshot was newer than the one held (and so replaced it). */
    synchronized boolean apply(Top10Changed snapshot) {
        Top10Changed held = latest.get(snapshot.sex());
        if (held != null && held.version() >= snapshot.version()) {
            return false;
        }
        latest.put(snapshot.sex(), snapshot);
        return true;
    }

    synchronized Optional<Top10Changed> latest(Sex sex) {
        return Optional.ofNullable(latest.get(sex));
    }

    synchronized long version(Sex sex) {
        Top10Changed held = latest.get(sex);
        return held == null ? 0 : held.version();
    }
}
