package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import babynames.events.BabyRegistered;
import babynames.events.Sex;
import babynames.support.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Kafka may answer after the client was told 503: the broker took the record, only late. The
 * ledger and the books follow Kafka's answer, not the client's, so a retry with the key is answered
 * from the ledger (one record on the log, not two) and the registration is in the books once.
 * Kafka's answers are held back by the test: no broker, no timing.
 */
class LateAcknowledgementTest {
    private static final List<Registration> OLIVER = List.of(new Registration("OLIVER", Sex.MALE));

    /** Every registration handed to Kafka, with the answer the test gives it when it likes. */
    private final List<CompletableFuture<Object>> answers = new CopyOnWriteArrayList<>();

    private final List<BabyRegistered> sent = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RegistrationIntake intake = new RegistrationIntake(
            (event, correlationId, deadline) -> {
                sent.add(event);
                CompletableFuture<Object> answer = new CompletableFuture<>();
                answers.add(answer);
                return answer;
            },
            null, // batches are not published here
            new IdempotencyLedger(Duration.ofHours(1), 1000),
            new RegistrationMetrics(registry),
            Duration.ofMillis(50),
            1);

    @Test
    void aRetryOfARegistrationKafkaTookAfterThe503IsAnsweredFromTheLedger() {
        assertEquals(503, status(intake.accept("baby", OLIVER, "key", "first")));
        assertEquals(409, status(() -> intake.accept("baby", OLIVER, "key", "retry while Kafka has not answered")));

        answers.get(0).complete("taken, late");
        List<BabyRegistered> retried =
                intake.accept("baby", OLIVER, "key", "retry").join();

        assertEquals(1, sent.size(), "published once");
        assertEquals(sent.get(0).eventId(), retried.get(0).eventId(), "the retry is answered with the id on the log");
        assertEquals(1, accepted(), "in the books once");
    }

    @Test
    void aRegistrationKafkaRefusedFreesItsKeyForTheRetry() {
        assertEquals(503, status(intake.accept("baby", OLIVER, "key", "first")));
        answers.get(0).completeExceptionally(new IllegalStateException("expired in the producer"));

        intake.accept("baby", OLIVER, "key", "retry");
        answers.get(1).complete("taken");

        assertEquals(2, sent.size(), "published again: the first was refused");
        assertEquals(sent.get(0).eventId(), sent.get(1).eventId(), "with the same id, counted once");
        assertEquals(1, accepted());
    }

    @Test
    void aRegistrationWithoutAKeyThatKafkaTookLateIsInTheBooks() {
        assertEquals(503, status(intake.accept("baby", OLIVER, null, "first")));
        assertEquals(0, accepted());

        answers.get(0).complete("taken, late");

        assertEquals(1, accepted(), "the ranker will count it, so the left side of the books has it");
    }

    private double accepted() {
        return registry.counter("babynames.registrations.accepted").count();
    }

    /** The status of the problem the request was answered with, whether it failed at once or later. */
    private static int status(CompletableFuture<?> answer) {
        CompletionException failed = assertThrows(CompletionException.class, answer::join);
        return ((ProblemException) failed.getCause()).problem().status();
    }

    private static int status(Runnable request) {
        return assertThrows(ProblemException.class, request::run).problem().status();
    }
}
