package babynames.ranking.counting;

import io.micronaut.core.annotation.Introspected;

/** A partition's stored position: the next offset to count. */
@Introspected
record StoredOffset(int partition, long nextOffset) {}
