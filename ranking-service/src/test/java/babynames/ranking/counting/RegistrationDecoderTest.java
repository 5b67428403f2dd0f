package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RegistrationDecoderTest {
    private final RegistrationDecoder decoder = new RegistrationDecoder(EventJson.createDefault());

    @Test
    void aRecordThatIsNotJsonIsDeadLetteredWithAOneLineReason() {
        RegistrationDecoder.Decoded decoded = decoder.decode(record("not a registration"));

        assertNull(decoded.registration());
        assertTrue(decoded.deadLetterReason().startsWith("unparseable: "), decoded.deadLetterReason());
        assertFalse(decoded.deadLetterReason().contains("\n"), decoded.deadLetterReason());
    }

    @Test
    void aRecordOfAnotherSchemaVersionIsDeadLettered() {
        assertEquals(
                "unknown schemaVersion 0",
                decoder.decode(record("{\"name\":\"ADA\"}")).deadLetterReason());
    }

    private static ConsumerRecord<String, byte[]> record(String value) {
        return new ConsumerRecord<>("baby-registrations", 0, 0, null, value.getBytes(StandardCharsets.UTF_8));
    }
}
