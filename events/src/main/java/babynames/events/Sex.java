package babynames.events;

import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;

/** The sex of a registration, written on the wire in lower case as in the ONS data. */
@Serdeable
public enum Sex {
    MALE("male"),
    FEMALE("female");

    private final String wireName;

    Sex(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The sex named exactly {@code male} or {@code female}, if that is what the text says. */
    public static Optional<Sex> fromWireName(String text) {
        for (Sex sex : values()) {
            if (sex.wireName.equals(text)) {
                return Optional.of(sex);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
