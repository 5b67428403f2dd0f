package babynames.events;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/** A baby was registered: the value of a {@link Topics#BABY_REGISTRATIONS} record. */
@Serdeable
public record BabyRegistered(int schemaVersion, UUID eventId, String name, Sex sex, Instant registeredAt) {
    public static final int SCHEMA_VERSION = 1;
    public static final String EVENT_TYPE = "BabyRegistered";

    public static BabyRegistered of(UUID eventId, String name, Sex sex, Instant registeredAt) {
        return new BabyRegistered(SCHEMA_VERSION, eventId, name, sex, registeredAt);
    }

    /** The record key: {@code sex:NAME}, so one name's registrations stay in order on one partition. */
    public String key() {
        return sex.wireName() + ":" + name;
    }
}
