package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.testsupport.InProgressFirstRegistration;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The system tests' load retries like a careful client: a key answered {@code 409} (still being
 * accepted, as after a {@code 503} until Kafka has answered) is sent again, not given up.
 */
class SteadyLoadTest {

    @Test
    void aKeyStillBeingAcceptedIsSentAgainUntilAccepted() {
        try (InProgressFirstRegistration registration = new InProgressFirstRegistration();
                SteadyLoad load = new SteadyLoad(registration.url(), List.of("OLIVIA"))) {
            load.start(5);
            load.awaitMore(2);
            load.stopArrivals();

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(load::allAccepted);
            assertEquals(0, load.refused(), "valid registrations refused");
            assertEquals(load.sent(), load.accepted());
            assertTrue(load.inProgress() >= load.sent(), "every key was answered 409 first");
        }
    }
}
