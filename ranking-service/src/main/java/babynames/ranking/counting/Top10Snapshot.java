package babynames.ranking.counting;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code top10_snapshots}: the current top 10 of a sex (as JSON) and its version. */
@MappedEntity("top10_snapshots")
public record Top10Snapshot(@Id String sex, long version, String names, Instant changedAt) {}
