package babynames.loadgen;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.testsupport.InProgressFirstRegistration;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A registration whose key is answered {@code 409} (still being accepted: after a {@code 503} it
 * stays so until Kafka has answered) is sent again with that key after the answer's
 * {@code Retry-After}, and its {@code 202} goes in the books.
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

    /** The server says when to come back: a client that retries sooner only adds to its load. */
    @Test
    void aRegistrationIsSentAgainNoSoonerThanItsRetryAfter() {
        try (InProgressFirstRegistration registration = new InProgressFirstRegistration(3);
                Registrar registrar = new Registrar(URI.create(registration.url()))) {
            registrar.send(new ZipfNames.Ranked(Sex.MALE, "NOAH", 1), System.nanoTime());

            await().atMost(Duration.ofSeconds(15)).until(() -> registrar.inFlight.get() == 0);
            assertEquals(1, registrar.accepted.size());
            List<Long> arrivals =
                    registration.arrivalNanos(registration.keys().iterator().next());
            assertEquals(2, arrivals.size());
            Duration waited = Duration.ofNanos(arrivals.get(1) - arrivals.get(0));
            assertTrue(waited.compareTo(Duration.ofSeconds(3)) >= 0, "sent again after " + waited);
        }
    }
}
