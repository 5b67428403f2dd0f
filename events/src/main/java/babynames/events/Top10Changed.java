package babynames.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * The top 10 of one sex changed: the value of a {@link Topics#TOP10_CHANGED} record, keyed by sex.
 * Versions rise by one per change, so a reader keeps the highest it has seen and drops the rest.
 * {@code names} is written even when empty (a recount of an empty log): the serializer leaves out
 * empty lists by default, and a reader needs the field.
 */
@Serdeable
public record Top10Changed(
        int schemaVersion,
        Sex sex,
        long version,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<RankedName> names,
        Instant changedAt,
        String causedBy) {
    public static final int SCHEMA_VERSION = 1;
    public static final String EVENT_TYPE = "Top10Changed";

    public Top10Changed {
        names = List.copyOf(names);
    }

    public static Top10Changed of(Sex sex, long version, List<RankedName> names, Instant changedAt, String causedBy) {
        return new Top10Changed(SCHEMA_VERSION, sex, version, names, changedAt, causedBy);
    }
}
