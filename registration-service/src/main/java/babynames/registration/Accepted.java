package babynames.registration;

import babynames.events.BabyRegistered;
import io.micronaut.serde.annotation.Serdeable;
import java.util.UUID;

/** The answer to an accepted registration: the event id it was published under. */
@Serdeable
record Accepted(UUID id, String name, String sex, String correlationId) {
    static Accepted of(BabyRegistered event, String correlationId) {
        return new Accepted(event.eventId(), event.name(), event.sex().wireName(), correlationId);
    }
}
