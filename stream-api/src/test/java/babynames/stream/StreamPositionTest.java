package babynames.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamPositionTest {
    @Property
    void everyPositionRoundTripsThroughItsId(
            @ForAll boolean registrations,
            @ForAll @IntRange(min = 0, max = 10_000) int partition,
            @ForAll @LongRange(min = 0) long offset) {
        StreamPosition.Feed feed = registrations ? StreamPosition.Feed.REGISTRATIONS : StreamPosition.Feed.TOP10;
        StreamPosition position = new StreamPosition(feed, partition, offset);

        String id = position.encode();

        assertEquals(Optional.of(position), StreamPosition.decode(id));
        assertTrue(id.matches("[rt][0-9]+-[0-9]+"), id);
    }

    @Property
    void noStringDecodesToAPositionItDoesNotEncode(@ForAll String text) {
        StreamPosition.decode(text).ifPresent(position -> assertEquals(text, position.encode()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "r",
                "r1",
                "x1-2",
                "r-1-2",
                "r1--2",
                "r1-",
                "t1-a",
                "r99999999999-1",
                "r01-2",
                "r1-+2",
                "t+1-2"
            })
    void rejectsIdsThatAreNotPositions(String id) {
        assertTrue(StreamPosition.decode(id).isEmpty());
    }
}
