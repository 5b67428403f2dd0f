package babynames.registration;

import babynames.events.BabyRegistered;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.UUID;

/** The answer to an accepted batch: every registration with its event id, in the order sent. */
@Serdeable
record BatchAccepted(int accepted, String correlationId, List<Item> registrations) {
    /** One accepted registration of the batch. */
    @Serdeable
    record Item(UUID id, String name, String sex) {}

    static BatchAccepted of(List<BabyRegistered> events, String correlationId) {
        List<Item> items = events.stream()
                .map(e -> new Item(e.eventId(), e.name(), e.sex().wireName()))
                .toList();
        return new BatchAccepted(items.size(), correlationId, items);
    }
}
