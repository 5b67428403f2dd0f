package babynames.registration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import babynames.events.Sex;
import io.micronaut.context.ApplicationContext;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
    private static final Registration OLIVER = new Registration("OLIVER", Sex.MALE);
    private static final Registration AMELIA = new Registration("AMELIA", Sex.FEMALE);
    private static final String BODY = IdempotencyKeys.fingerprint("baby", List.of(OLIVER));
    private static final String OTHER = IdempotencyKeys.fingerprint("baby", List.of(AMELIA));

    @Test
    void aSingleAndABatchWithTheSameKeyNeverShareAnEventId() {
        String single = IdempotencyKeys.fingerprint("baby", List.of(OLIVER));
        String batch = IdempotencyKeys.fingerprint("babies", List.of(OLIVER, AMELIA));

        assertNotEquals(IdempotencyKeys.eventId("k", single, 0), IdempotencyKeys.eventId("k", batch, 0));
        assertEquals(
                IdempotencyKeys.eventId("k", single, 0),
                IdempotencyKeys.eventId("k", IdempotencyKeys.fingerprint("baby", List.of(OLIVER)), 0),
                "a retry of the same request gets the same id");
    }

    @Test
    void ofConcurrentRequestsWithOneKeyExactlyOneMayPublish() throws Exception {
        int threads = 16;
        for (int round = 0; round < 200; round++) {
            IdempotencyLedger ledger = new IdempotencyLedger(Duration.ofHours(1), 1000);
            String key = "key-" + round;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<IdempotencyLedger.Outcome>> outcomes = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String fingerprint = t % 2 == 0 ? BODY : OTHER;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return ledger.reserve(key, fingerprint);
                }));
            }
            Map<IdempotencyLedger.Outcome, AtomicInteger> counts = new ConcurrentHashMap<>();
            for (Future<IdempotencyLedger.Outcome> outcome : outcomes) {
                counts.computeIfAbsent(outcome.get(), o -> new AtomicInteger()).incrementAndGet();
            }
            pool.shutdown();
            assertEquals(1, counts.get(IdempotencyLedger.Outcome.NEW).get(), "round " + round + ": " + counts);
            assertEquals(null, counts.get(IdempotencyLedger.Outcome.REPEAT), "nothing was accepted yet");
        }
    }

    @Test
    void anAcceptedKeyRepeatsForItsRequestAndARefusedOneCanBeTakenAgain() {
        IdempotencyLedger ledger = new IdempotencyLedger(Duration.ofHours(1), 1000);

        assertEquals(IdempotencyLedger.Outcome.NEW, ledger.reserve("a", BODY));
        assertEquals(IdempotencyLedger.Outcome.IN_PROGRESS, ledger.reserve("a", BODY));
        assertEquals(IdempotencyLedger.Outcome.CONFLICT, ledger.reserve("a", OTHER));
        ledger.accepted("a", BODY);
        assertEquals(IdempotencyLedger.Outcome.REPEAT, ledger.reserve("a", BODY));
        assertEquals(IdempotencyLedger.Outcome.CONFLICT, ledger.reserve("a", OTHER));

        assertEquals(IdempotencyLedger.Outcome.NEW, ledger.reserve("b", BODY));
        ledger.released("b", BODY);
        assertEquals(IdempotencyLedger.Outcome.NEW, ledger.reserve("b", BODY), "a failed publish frees the key");
    }

    @Test
    void aKeyIsHeldForTheRetentionAndFreeAfterIt() {
        MovingClock clock = new MovingClock();
        IdempotencyLedger ledger = new IdempotencyLedger(Duration.ofHours(24), 1000, clock);
        assertEquals(IdempotencyLedger.Outcome.NEW, ledger.reserve("a", BODY));
        ledger.accepted("a", BODY);

        clock.advance(Duration.ofHours(24));
        assertEquals(IdempotencyLedger.Outcome.REPEAT, ledger.reserve("a", BODY), "held to the retention's end");
        assertEquals(IdempotencyLedger.Outcome.CONFLICT, ledger.reserve("a", OTHER));
        clock.advance(Duration.ofMillis(1));
        assertEquals(IdempotencyLedger.Outcome.NEW, ledger.reserve("a", OTHER), "forgotten after it");
    }

    @Test
    void beyondItsBoundTheLedgerForgetsTheKeyAcceptedLongestAgo() {
        IdempotencyLedger ledger = new IdempotencyLedger(Duration.ofHours(24), 2, new MovingClock());
        ledger.reserve("a", BODY);
        ledger.reserve("b", BODY);
        ledger.accepted("a", BODY); // now the most recent
        ledger.reserve("c", BODY);

        assertEquals(IdempotencyLedger.Outcome.REPEAT, ledger.reserve("a", BODY));
        assertEquals(IdempotencyLedger.Outcome.IN_PROGRESS, ledger.reserve("c", BODY));
        assertEquals(IdempotencyLedger.Outcome.NEW, ledger.reserve("b", OTHER), "b was forgotten");
    }

    /**
     * A remembered key is a row in arrays allocated at start, not objects of its own: objects that
     * live for 100,000 requests die in the old generation, and clearing them there stopped the
     * service for 90-160 ms at a time under load (decision 0026). So the ledger keeps no reference
     * to the key it was given.
     */
    @Test
    void theLedgerKeepsNothingOfAKeyButItsDigest() {
        IdempotencyLedger ledger = new IdempotencyLedger(Duration.ofHours(1), 1000);
        String text = "a key of its own " + System.nanoTime();
        WeakReference<String> given = acceptOnce(ledger, text);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return given.get() == null;
        });
        assertEquals(IdempotencyLedger.Outcome.REPEAT, ledger.reserve(text, BODY), "and still remembers it");
    }

    @Test
    void aBoundOutsideItsRangeStopsTheServiceAsItStarts() {
        RuntimeException refused = assertThrows(
                RuntimeException.class, () -> ApplicationContext.run(Map.of("babynames.idempotency.max-keys", 0)));
        Throwable cause = refused;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertEquals("a ledger holds from 1 to 268435456 keys, not 0", cause.getMessage());
    }

    /** Reserves and accepts a key made here, and hands back only a weak reference to it. */
    private static WeakReference<String> acceptOnce(IdempotencyLedger ledger, String text) {
        String key = new String(text.toCharArray());
        assertEquals(IdempotencyLedger.Outcome.NEW, ledger.reserve(key, BODY));
        ledger.accepted(key, BODY);
        assertEquals(IdempotencyLedger.Outcome.REPEAT, ledger.reserve(text, BODY));
        return new WeakReference<>(key);
    }

    /** A clock that moves only when told to. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
