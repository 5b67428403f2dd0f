package babynames.ranking.counting;

import babynames.events.Sex;
import babynames.ranking.outbox.OutboxWriter;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Counts one poll batch in one PostgreSQL transaction: move the stored log position of each of the
 * batch's partitions (only from where this ranker left it), drop event ids already seen, add the
 * new ones to the counts with set-based SQL, write the dead letters and any top-10 change to the
 * outbox. The position and the counts commit together, so a batch is counted once however often
 * Kafka delivers it and whatever the consumer group's own offsets say.
 */
@Singleton
public class BatchCounter {
    private final LogPositions positions;
    private final CountRepository counts;
    private final Top10Recorder recorder;
    private final OutboxWriter outbox;

    BatchCounter(LogPositions positions, CountRepository counts, Top10Recorder recorder, OutboxWriter outbox) {
        this.positions = positions;
        this.counts = counts;
        this.recorder = recorder;
        this.outbox = outbox;
    }

    /** What one batch did: registrations new to the counts, events counted before, dead letters, top-10 changes. */
    public record Result(List<IncomingRegistration> newlyCounted, int duplicates, int deadLettered, int top10Changes) {
        public int counted() {
            return newlyCounted.size();
        }

        /** Whether the batch wrote outbox rows (which the relay should publish now). */
        boolean wroteToOutbox() {
            return deadLettered > 0 || top10Changes > 0;
        }
    }

    /**
     * Throws {@link LogPositionMoved}, and the transaction rolls back, when another ranker counted
     * from one of the batch's partitions meanwhile.
     */
    @Transactional
    public Result count(CountingBatch batch) {
        // First, so a ranker that lost a partition finds out before it takes any other lock.
        batch.advances().forEach(positions::advance);
        List<IncomingRegistration> toCount = unseen(batch.registrations());
        Map<Sex, Map<String, Long>> newCounts = addCounts(toCount);
        outbox.add(batch.deadLetters());
        int changes = 0;
        for (var touched : newCounts.entrySet()) {
            IncomingRegistration last = lastOf(toCount, touched.getKey());
            if (recorder.recordIfChanged(
                            touched.getKey(),
                            touched.getValue(),
                            last.event().eventId().toString(),
                            last.correlationId())
                    .isPresent()) {
                changes++;
            }
        }
        return new Result(
                toCount,
                batch.registrations().size() - toCount.size(),
                batch.deadLetters().size(),
                changes);
    }

    /**
     * The registrations whose event ids were not counted before. Offsets already keep a batch from
     * being counted twice; this catches the same event published twice (a client's retry with the
     * same Idempotency-Key), which is why the ids are kept as long as such keys.
     */
    private List<IncomingRegistration> unseen(List<IncomingRegistration> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        String[] ids = batch.stream()
                .map(r -> r.event().eventId().toString())
                .distinct()
                .toArray(String[]::new);
        Set<UUID> fresh = new HashSet<>(counts.markSeen(ids));
        List<IncomingRegistration> toCount = new ArrayList<>(fresh.size());
        for (IncomingRegistration registration : batch) {
            if (fresh.remove(registration.event().eventId())) {
                toCount.add(registration);
            }
        }
        return toCount;
    }

    /** Adds the registrations to the counts in one statement; returns each touched name's new count, by sex. */
    private Map<Sex, Map<String, Long>> addCounts(List<IncomingRegistration> toCount) {
        Map<Sex, Map<String, Long>> newCounts = new EnumMap<>(Sex.class);
        if (toCount.isEmpty()) {
            return newCounts;
        }
        Increments increments = Increments.of(toCount);
        for (CountedName added : counts.addCounts(increments.sexes(), increments.names(), increments.increments())) {
            Sex sex = Sex.fromWireName(added.key().sex()).orElseThrow();
            newCounts
                    .computeIfAbsent(sex, s -> new LinkedHashMap<>())
                    .put(added.key().name(), added.count());
        }
        return newCounts;
    }

    private static IncomingRegistration lastOf(List<IncomingRegistration> registrations, Sex sex) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            if (registrations.get(i).event().sex() == sex) {
                return registrations.get(i);
            }
        }
        throw new IllegalArgumentException("No registration of " + sex);
    }
}
