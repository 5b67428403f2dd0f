package babynames.ranking.names;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.Serdeable;

/** A name's count and its rank in its sex's ranking (1 is the most registered). */
@Serdeable
@Introspected
record NameRank(String name, String sex, long count, long rank) {}
