package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FreshnessTest {
    private static final long MS = 1_000_000;

    private final RegistrationBook book = new RegistrationBook(16);
    private final Freshness freshness = new Freshness(book::accepted);

    @Test
    void anEventAfterItsAnswerIsRecordedAtOnce() {
        UUID id = UUID.randomUUID();
        book.accept(id, 10 * MS, true);

        freshness.arrived(id, 13 * MS);

        assertEquals(1, freshness.all().getTotalCount());
        assertEquals(3_000, freshness.all().getMaxValue(), 3_000 / 1000.0, "3 ms, in microseconds");
    }

    /** An event may come before its 202 is read: it waits until the end, then counts like the others. */
    @Test
    void eventsBeforeTheirAnswersCountOnceTheRunSettles() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // more than the arrays start with
            UUID id = UUID.randomUUID();
            ids.add(id);
            freshness.arrived(id, 20 * MS);
            freshness.arrived(id, 21 * MS); // a second subscriber
        }
        UUID neverAccepted = UUID.randomUUID();
        freshness.arrived(neverAccepted, 20 * MS);
        ids.forEach(id -> book.accept(id, 19 * MS, true));
        assertEquals(0, freshness.all().getTotalCount(), "nothing known before the end");

        freshness.settle();

        assertEquals(6000, freshness.all().getTotalCount(), "each subscriber's arrival, none of the id never accepted");
        assertEquals(1_000, freshness.all().getMinValue(), 1);
        assertEquals(2_000, freshness.all().getMaxValue(), 2);
        freshness.settle();
        assertEquals(6000, freshness.all().getTotalCount(), "settled once");
    }

    @Test
    void aRegistrationOfTheWarmUpIsNotInTheFigures() {
        UUID id = UUID.randomUUID();
        book.accept(id, 10 * MS, false);

        freshness.arrived(id, 13 * MS);

        assertEquals(0, freshness.all().getTotalCount());
    }
}
