package babynames.loadgen;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.events.Sex;
import babynames.testsupport.InProgressFirstRegistration;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A registration whose key is answered {@code 409} (still being accepted: after a {@code 503} it
 * stays so until Kafka has answered) is sent again with that key, and its {@code 202} goes in the
 * books.
 */
class RegistrarTest {

    @Test
    void aKeyStillBeingAcceptedIsSentAgainAndCountedOnceAccepted() {
        try (InProgressFirstRegistration registration = new InProgressFirstRegistration();
                Registrar registrar = new Registrar(URI.create(registration.url()))) {
            for (int i = 0; i < 3; i++) {
                registrar.send(new ZipfNames.Ranked(Sex.FEMALE, "OLIVIA", 1), System.nanoTime());
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(3, registrar.accepted.size());
            assertEquals(
                    3,
                    registrar
                            .acceptedByName
                            .get(Registrar.key(Sex.FEMALE, "OLIVIA"))
                            .get());
            assertEquals(0, registrar.otherStatus.get());
            assertEquals(3, registrar.retriedInProgress.get());
        }
    }
}
