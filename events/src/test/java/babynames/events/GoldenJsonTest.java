package babynames.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pins the wire format of every event: a change here is a change of the contract. */
class GoldenJsonTest {
    private final EventJson json = EventJson.createDefault();

    @Test
    void babyRegisteredMatchesItsGoldenJson() throws IOException {
        BabyRegistered event = BabyRegistered.of(
                UUID.fromString("5f1d7c2e-8a4b-4c3d-9e2f-1a2b3c4d5e6f"),
                "ELLA-ROSE",
                Sex.FEMALE,
                Instant.parse("2026-11-21T10:15:30.123Z"));

        assertEquals(golden("baby-registered.json"), new String(json.write(event), StandardCharsets.UTF_8));
        assertEquals(
                event,
                json.read(golden("baby-registered.json").getBytes(StandardCharsets.UTF_8), BabyRegistered.class));
    }

    @Test
    void top10ChangedMatchesItsGoldenJson() throws IOException {
        Top10Changed event = Top10Changed.of(
                Sex.MALE,
                12,
                List.of(new RankedName(1, "OLIVER", 6941), new RankedName(2, "JACK", 5371)),
                Instant.parse("2026-11-21T10:15:31Z"),
                "5f1d7c2e-8a4b-4c3d-9e2f-1a2b3c4d5e6f");

        assertEquals(golden("top10-changed.json"), new String(json.write(event), StandardCharsets.UTF_8));
        assertEquals(
                event, json.read(golden("top10-changed.json").getBytes(StandardCharsets.UTF_8), Top10Changed.class));
    }

    @Test
    void anEmptyTop10IsWrittenAndReadBack() throws IOException {
        Top10Changed empty = Top10Changed.of(Sex.FEMALE, 3, List.of(), Instant.EPOCH, "rebuild");

        byte[] written = json.write(empty);

        assertEquals(
                "{\"schemaVersion\":1,\"sex\":\"female\",\"version\":3,\"names\":[],"
                        + "\"changedAt\":\"1970-01-01T00:00:00Z\",\"causedBy\":\"rebuild\"}",
                new String(written, StandardCharsets.UTF_8));
        assertEquals(empty, json.read(written, Top10Changed.class));
    }

    @Test
    void theRegistrationKeyIsSexAndName() {
        BabyRegistered event = BabyRegistered.of(UUID.randomUUID(), "OLIVER", Sex.MALE, Instant.EPOCH);

        assertEquals("male:OLIVER", event.key());
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream("/golden/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
