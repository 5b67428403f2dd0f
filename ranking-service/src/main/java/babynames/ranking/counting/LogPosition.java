package babynames.ranking.counting;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A row of {@code registration_offsets}: the next offset to count of one partition. */
@MappedEntity("registration_offsets")
record LogPosition(@EmbeddedId Key key, long nextOffset) {
    /** A topic's partition. */
    @Embeddable
    record Key(
            @MappedProperty("topic") String topic,
            @MappedProperty("partition") int partition) {}
}
