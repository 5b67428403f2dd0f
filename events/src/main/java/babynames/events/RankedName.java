package babynames.events;

import io.micronaut.serde.annotation.Serdeable;

/** One line of a top 10: its rank (from 1), the name and its count. */
@Serdeable
public record RankedName(int rank, String name, long count) {}
