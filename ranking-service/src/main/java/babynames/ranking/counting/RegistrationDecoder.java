package babynames.ranking.counting;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.NameRules;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a {@code baby-registrations} record, or says why it cannot be counted (it then goes to the DLQ). */
public final class RegistrationDecoder {
    private final EventJson json;

    public RegistrationDecoder(EventJson json) {
        this.json = json;
    }

    /** Exactly one of registration and deadLetterReason is set. */
    public record Decoded(IncomingRegistration registration, String deadLetterReason) {
        static Decoded valid(IncomingRegistration registration) {
            return new Decoded(registration, null);
        }

        static Decoded invalid(String reason) {
            return new Decoded(null, reason);
        }
    }

    public Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Decoded.invalid("empty value");
        }
        BabyRegistered event;
        try {
            event = json.read(record.value(), BabyRegistered.class);
        } catch (IOException | RuntimeException e) {
            // One line: the reason travels as a Kafka header, and tools print headers on one line.
            return Decoded.invalid("unparseable: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (event.schemaVersion() != BabyRegistered.SCHEMA_VERSION) {
            return Decoded.invalid("unknown schemaVersion " + event.schemaVersion());
        }
        if (event.eventId() == null || event.sex() == null || event.name() == null || event.registeredAt() == null) {
            return Decoded.invalid("missing eventId, name, sex or registeredAt");
        }
        if (!event.name().equals(NameRules.normalise(event.name()))) {
            return Decoded.invalid("name is not normalised: " + event.name());
        }
        var problem = NameRules.problemWith(event.name());
        if (problem.isPresent()) {
            return Decoded.invalid("invalid name: " + problem.get());
        }
        String correlationId = EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID)
                .orElse(event.eventId().toString());
        return Decoded.valid(new IncomingRegistration(event, correlationId));
    }
}
