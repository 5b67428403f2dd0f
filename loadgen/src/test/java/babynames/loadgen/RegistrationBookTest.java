package babynames.loadgen;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RegistrationBookTest {

    /**
     * Any mix of acceptances and sightings, in any order, against a map of records: after every
     * step each id reads back as the map has it. The book starts at its smallest and more ids come
     * than it was sized for, so every segment doubles, more than once.
     */
    @Property(tries = 100)
    void theBooksAgreeWithAMapOfRecordsAfterEveryStep(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) {
        Random random = new Random(seed);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        RegistrationBook book = new RegistrationBook(1);
        Map<UUID, RegistrationBook.Accepted> accepted = new HashMap<>();
        Map<UUID, Integer> seenBy = new HashMap<>();
        for (int step = 0; step < steps; step++) {
            UUID id = ids.get(random.nextInt(ids.size()));
            if (random.nextBoolean()) {
                RegistrationBook.Accepted answer =
                        new RegistrationBook.Accepted(random.nextLong(), random.nextBoolean());
                book.accept(id, answer.sentNanos(), answer.measured());
                accepted.put(id, answer);
            } else {
                book.seen(id);
                seenBy.merge(id, 1, Integer::sum);
            }
            assertEquals(accepted.get(id), book.accepted(id));
            assertEquals(seenBy.getOrDefault(id, 0), book.seenBy(id));
        }
        for (UUID id : ids) {
            assertEquals(accepted.get(id), book.accepted(id));
            assertEquals(seenBy.getOrDefault(id, 0), book.seenBy(id));
        }
        assertEquals(accepted.size(), book.acceptedCount());
        for (int subscribers = 0; subscribers <= 3; subscribers++) {
            int fewer = subscribers;
            long expected = accepted.keySet().stream()
                    .filter(id -> seenBy.getOrDefault(id, 0) < fewer)
                    .count();
            assertEquals(expected, book.acceptedSeenByFewerThan(subscribers), subscribers + " subscribers");
        }
    }

    @Test
    void anIdNeverAcceptedIsNotInTheBooksAsAccepted() {
        RegistrationBook book = new RegistrationBook(10);
        UUID seenOnly = UUID.randomUUID();
        book.seen(seenOnly);

        assertNull(book.accepted(seenOnly));
        assertNull(book.accepted(UUID.randomUUID()));
        assertEquals(0, book.acceptedCount());
        assertEquals(0, book.acceptedSeenByFewerThan(5));
    }

    /** The registrar and many subscribers at once, as in a run: no sighting and no acceptance is lost. */
    @Test
    void theRegistrarAndTheSubscribersWriteAtOnceAndLoseNothing() throws Exception {
        int registrations = 20_000;
        int subscribers = 6;
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < registrations; i++) {
            ids.add(UUID.randomUUID());
        }
        RegistrationBook book = new RegistrationBook(registrations / 4); // it grows while they write
        ExecutorService threads = Executors.newFixedThreadPool(subscribers + 1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            writers.add(threads.submit(() -> ids.forEach(id -> book.accept(id, 1, true))));
            for (int s = 0; s < subscribers; s++) {
                writers.add(threads.submit(() -> ids.forEach(book::seen)));
            }
            for (Future<?> writer : writers) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(registrations, book.acceptedCount());
        assertEquals(0, book.acceptedSeenByFewerThan(subscribers));
        assertEquals(registrations, book.acceptedSeenByFewerThan(subscribers + 1));
    }

    /** Nothing of an id outlives the call that wrote it: the books hold its bits, not the object. */
    @Test
    void theBooksKeepNoObjectPerRegistration() {
        RegistrationBook book = new RegistrationBook(10);
        UUID id = UUID.randomUUID();
        UUID sameId = new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
        WeakReference<UUID> written = new WeakReference<>(id);
        book.accept(id, 42, true);
        book.seen(id);
        id = null;

        System.gc();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return written.get() == null;
        });
        assertEquals(new RegistrationBook.Accepted(42, true), book.accepted(sameId));
        assertEquals(1, book.seenBy(sameId));
    }
}
