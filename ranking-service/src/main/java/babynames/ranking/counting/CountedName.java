package babynames.ranking.counting;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A row of {@code name_counts}: a name's ONS baseline, what was registered, and their sum. */
@MappedEntity("name_counts")
public record CountedName(
        @EmbeddedId Key key,
        long baseline,
        long registered,
        @GeneratedValue long count) {
    /** A name of one sex. */
    @Embeddable
    public record Key(
            @MappedProperty("sex") String sex,
            @MappedProperty("name") String name) {}
}
