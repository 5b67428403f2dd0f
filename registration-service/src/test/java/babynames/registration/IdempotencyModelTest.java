package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.BabyRegistered;
import babynames.events.Sex;
import babynames.support.ProblemException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;

/**
 * Model-based: requests with and without keys, retries, reused keys, and Kafka taking or refusing
 * each publish in any order, against the intake with its real ledger and counters. Kafka's answers
 * are held by the test, and the publish timeout is zero, so every client is told 503 before Kafka
 * answers: the ledger must follow Kafka, not the client.
 *
 * <p>Each request's outcome is checked against a model of the ledger (none, in progress or
 * accepted, per key), and after every step: Kafka took at most one publish per key and request,
 * the accepted counter is what Kafka took, and a retry answered from the ledger carries the id
 * that is on the log.
 */
class IdempotencyModelTest {
    private static final List<Registration> BODIES =
            List.of(new Registration("OLIVER", Sex.MALE), new Registration("AMELIA", Sex.FEMALE));
    private static final List<String> KEYS = List.of("key-1", "key-2");

    sealed interface Step {}

    /** A client posts body {@code body}, with key {@code key} ({@code -1}: no key). */
    record Request(int key, int body) implements Step {}

    /** Kafka answers the {@code pick}-th publish still waiting: it takes it, or it refuses it. */
    record KafkaAnswers(int pick, boolean takes) implements Step {}

    /** What the ledger holds for a key, in the model. */
    private record Held(String fingerprint, boolean accepted) {}

    /** One publish handed to Kafka, waiting for the test to answer it. */
    private record Publish(String key, String fingerprint, BabyRegistered event, CompletableFuture<Object> answer) {}

    private static final Logger INTAKE_LOG = (Logger) LoggerFactory.getLogger(RegistrationIntake.class);

    /** Every client here is told 503, and each would be a warning: thousands of lines saying nothing. */
    @BeforeContainer
    static void quiet() {
        INTAKE_LOG.setLevel(Level.ERROR);
    }

    @AfterContainer
    static void loud() {
        INTAKE_LOG.setLevel(null);
    }

    @Property(tries = 500)
    void theLedgerFollowsKafkasAnswersWhateverTheClientsWereTold(@ForAll("steps") List<Step> steps) {
        List<Publish> waiting = new ArrayList<>();
        List<Publish> taken = new ArrayList<>();
        Map<String, Held> model = new HashMap<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // The key and request being accepted, for the publish it hands to Kafka.
        var current = new Object() {
            String key;
            String fingerprint;
        };
        RegistrationIntake intake = new RegistrationIntake(
                (event, correlationId, deadline) -> {
                    CompletableFuture<Object> answer = new CompletableFuture<>();
                    waiting.add(new Publish(current.key, current.fingerprint, event, answer));
                    return answer;
                },
                null, // batches are not published here
                new IdempotencyLedger(Duration.ofHours(1), 1000),
                new RegistrationMetrics(registry),
                Duration.ZERO,
                1);

        for (Step step : steps) {
            if (step instanceof Request request) {
                Registration body = BODIES.get(request.body());
                String key = request.key() < 0 ? null : KEYS.get(request.key());
                String fingerprint = IdempotencyKeys.fingerprint("baby", List.of(body));
                current.key = key;
                current.fingerprint = fingerprint;
                Held held = key == null ? null : model.get(key);
                int published = waiting.size();
                String outcome = outcomeOf(() -> intake.accept("baby", List.of(body), key, "c"));

                String expected;
                if (held == null) {
                    expected = "published";
                    if (key != null) {
                        model.put(key, new Held(fingerprint, false));
                    }
                } else if (!held.fingerprint().equals(fingerprint)) {
                    expected = "422";
                } else {
                    expected = held.accepted() ? "from the ledger" : "409";
                }
                assertEquals(expected, outcome.equals("pending") ? "published" : outcome, step.toString());
                assertEquals(expected.equals("published") ? published + 1 : published, waiting.size());
                if (outcome.equals("from the ledger")) {
                    UUID id = IdempotencyKeys.eventId(key, fingerprint, 0);
                    assertTrue(
                            taken.stream().anyMatch(p -> p.event().eventId().equals(id)),
                            "a retry answered from the ledger has its id on the log");
                }
            } else if (step instanceof KafkaAnswers answers && !waiting.isEmpty()) {
                Publish publish = waiting.remove(answers.pick() % waiting.size());
                if (answers.takes()) {
                    taken.add(publish);
                    publish.answer().complete("taken");
                } else {
                    publish.answer().completeExceptionally(new IllegalStateException("refused"));
                }
                if (publish.key() != null) {
                    if (answers.takes()) {
                        model.put(publish.key(), new Held(publish.fingerprint(), true));
                    } else {
                        model.remove(publish.key());
                    }
                }
            }

            Map<String, Integer> takenPerKeyAndBody = new HashMap<>();
            for (Publish publish : taken) {
                if (publish.key() != null) {
                    takenPerKeyAndBody.merge(publish.key() + " " + publish.fingerprint(), 1, Integer::sum);
                }
            }
            assertTrue(
                    takenPerKeyAndBody.values().stream().allMatch(n -> n == 1),
                    "Kafka took a keyed request more than once: " + takenPerKeyAndBody);
            assertEquals(
                    taken.size(),
                    registry.counter("babynames.registrations.accepted").count(),
                    "the accepted counter is what Kafka took");
        }
    }

    /**
     * "pending" while the answer waits for Kafka or was 503 (the timeout is zero, so it may be
     * either by now), "from the ledger" for a 202 at once, else the status of the problem.
     */
    private static String outcomeOf(Supplier<CompletableFuture<List<BabyRegistered>>> request) {
        CompletableFuture<List<BabyRegistered>> answer;
        try {
            answer = request.get();
        } catch (ProblemException refused) {
            return String.valueOf(refused.problem().status());
        }
        return answer.isDone() && !answer.isCompletedExceptionally() ? "from the ledger" : "pending";
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> request = Arbitraries.integers()
                .between(-1, KEYS.size() - 1)
                .flatMap(key ->
                        Arbitraries.integers().between(0, BODIES.size() - 1).map(body -> new Request(key, body)));
        Arbitrary<Step> kafka = Arbitraries.integers()
                .between(0, 7)
                .flatMap(pick -> Arbitraries.of(true, false).map(takes -> new KafkaAnswers(pick, takes)));
        return Arbitraries.oneOf(request, kafka).list().ofMinSize(1).ofMaxSize(40);
    }
}
