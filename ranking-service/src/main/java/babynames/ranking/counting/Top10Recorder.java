package babynames.ranking.counting;

import babynames.events.EventJson;
import babynames.events.RankedName;
import babynames.events.Sex;
import babynames.events.Top10Changed;
import babynames.events.TopicNames;
import babynames.ranking.outbox.OutboxRecord;
import babynames.ranking.outbox.OutboxWriter;
import babynames.support.tracing.MessageTracing;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the stored top 10 of a sex in step with the counts, inside the caller's transaction: when
 * the ranking changed, it writes the new snapshot (version + 1) and the outbox row announcing it,
 * so the change and its announcement commit or roll back together (no dual write).
 */
@Singleton
public class Top10Recorder {
    private final Top10SnapshotRepository snapshots;
    private final CountRepository counts;
    private final OutboxWriter outbox;
    private final EventJson json;
    private final MessageTracing tracing;
    private final Clock clock = Clock.systemUTC();
    private final String topic;

    Top10Recorder(
            Top10SnapshotRepository snapshots,
            CountRepository counts,
            OutboxWriter outbox,
            JsonMapper mapper,
            TopicNames topics,
            MessageTracing tracing) {
        this.tracing = tracing;
        this.snapshots = snapshots;
        this.counts = counts;
        this.outbox = outbox;
        this.json = new EventJson(mapper);
        this.topic = topics.top10Changed();
    }

    /**
     * Records the top 10 of {@code sex} again if counting {@code touched} (name to new count) could
     * have changed it; with {@code touched} null, reads it again in any case (after a rebuild).
     * Whether it could have changed is decided from the snapshot as committed, without a lock, so
     * rankers whose batches cannot change the top 10 (most of them) never wait for each other;
     * only a possible change locks the snapshot row and decides again on what it then holds. That
     * is safe because counts only grow: a name that does not beat the 10th of an older snapshot
     * does not beat the 10th of a newer one (docs/decisions/0003-top10-check-before-the-lock.md).
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public Optional<Top10Changed> recordIfChanged(
            Sex sex, Map<String, Long> touched, String causedBy, String correlationId) {
        if (touched != null && !Top10.couldChange(names(snapshots.find(sex.wireName())), touched)) {
            return Optional.empty();
        }
        Top10Snapshot locked = snapshots.findForUpdate(sex.wireName());
        List<RankedName> current = names(locked);
        if (touched != null && !Top10.couldChange(current, touched)) {
            return Optional.empty();
        }
        List<RankedName> fresh = Top10.rank(counts.findRanking(sex.wireName(), Top10.SIZE));
        if (fresh.equals(current)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Top10Changed changed = Top10Changed.of(sex, locked.version() + 1, fresh, now, causedBy);
        snapshots.update(sex.wireName(), changed.version(), new String(json.write(fresh), StandardCharsets.UTF_8), now);
        outbox.add(OutboxRecord.event(
                topic,
                sex.wireName(),
                json.write(changed),
                Top10Changed.EVENT_TYPE,
                correlationId,
                // The counting span's context, so that the relay's send continues its trace.
                tracing.currentContextHeaders()));
        return Optional.of(changed);
    }

    private List<RankedName> names(Top10Snapshot snapshot) {
        try {
            return json.readList(snapshot.names().getBytes(StandardCharsets.UTF_8), RankedName.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable top-10 snapshot: " + snapshot.names(), e);
        }
    }
}
