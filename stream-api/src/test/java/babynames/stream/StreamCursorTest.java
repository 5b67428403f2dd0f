package babynames.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamCursorTest {
    @Property
    void everyCursorRoundTripsThroughItsId(@ForAll("cursors") StreamCursor cursor) {
        String id = cursor.encode();

        assertEquals(Optional.of(cursor), StreamCursor.decode(id));
        assertTrue(id.matches("r([0-9]+(\\.[0-9]+)*)?t([0-9]+(\\.[0-9]+)*)?"), id);
    }

    @Property
    void noStringDecodesToACursorItDoesNotEncode(@ForAll String text) {
        StreamCursor.decode(text).ifPresent(cursor -> assertEquals(text, cursor.encode()));
    }

    @Property
    void aCursorMovedPastARecordHasPassedItAndNothingAfterIt(
            @ForAll("cursors") StreamCursor cursor,
            @ForAll boolean registrations,
            @ForAll @IntRange(max = 5) int partition,
            @ForAll @LongRange(max = 1_000_000) long offset) {
        Feed feed = registrations ? Feed.REGISTRATIONS : Feed.TOP10;

        StreamCursor after = cursor.after(feed, partition, offset);

        assertTrue(after.passed(feed, partition, offset));
        assertFalse(after.passed(feed, partition, Math.max(offset + 1, cursor.next(feed, partition))));
        assertTrue(after.atOrPast(cursor));
    }

    @Property
    void maxIsAtOrPastBothAndNoFurther(@ForAll("cursors") StreamCursor a, @ForAll("cursors") StreamCursor b) {
        StreamCursor max = a.max(b);

        assertTrue(max.atOrPast(a) && max.atOrPast(b));
        for (Feed feed : Feed.values()) {
            for (int p = 0; p < max.partitions(feed); p++) {
                assertEquals(Math.max(a.next(feed, p), b.next(feed, p)), max.next(feed, p));
            }
        }
    }

    @Test
    void readsAsOffsetsByPartition() {
        StreamCursor cursor = StreamCursor.decode("r120.98.131t4.7").orElseThrow();

        assertEquals(
                List.of(120L, 98L, 131L),
                List.of(
                        cursor.next(Feed.REGISTRATIONS, 0),
                        cursor.next(Feed.REGISTRATIONS, 1),
                        cursor.next(Feed.REGISTRATIONS, 2)));
        assertEquals(7, cursor.next(Feed.TOP10, 1));
        assertEquals(0, cursor.next(Feed.TOP10, 5), "a partition the cursor does not know starts at 0");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "r",
                "t",
                "r1",
                "x1t1",
                "r-1t1",
                "r1..2t1",
                "r1.t1",
                "r01t1",
                "r+1t1",
                "r1t1t1",
                "r1 t1",
                "r99999999999999999999t1"
            })
    void rejectsIdsThatAreNotCursors(String id) {
        assertTrue(StreamCursor.decode(id).isEmpty());
    }

    @Provide
    Arbitrary<StreamCursor> cursors() {
        Arbitrary<long[]> offsets = Arbitraries.longs()
                .between(0, Long.MAX_VALUE - 1)
                .list()
                .ofMaxSize(6)
                .map(list -> list.stream().mapToLong(Long::longValue).toArray());
        return offsets.tuple2().map(pair -> StreamCursor.of(pair.get1(), pair.get2()));
    }
}
