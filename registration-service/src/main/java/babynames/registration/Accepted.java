package babynames.registration;

import io.micronaut.serde.annotation.Serdeable;
import java.util.UUID;

/** The answer to an accepted registration: the event id it was published under. */
@Serdeable
record Accepted(UUID id, String name, String sex, String correlationId) {}
