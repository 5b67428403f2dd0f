package babynames.stream.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReadingTest {

    @Test
    void sumsEachCounterOverItsLabelSetsAndSkipsTheRest() {
        Reading reading = Reading.parse("""
                # HELP babynames_registrations_counted_total Registrations counted
                # TYPE babynames_registrations_counted_total counter
                babynames_registrations_counted_total{partition="0"} 12.0
                babynames_registrations_counted_total{partition="1",note="a } in \\"quotes\\", 3"} 30.0
                babynames_registrations_duplicates_total 2.0
                babynames_ranking_consumer_lag 7.0 1700000000000
                process_start_time_seconds 1.7E9
                jvm_memory_used_bytes{area="heap"} 12345.0
                babynames_registrations_dead_lettered_total +Inf
                """);

        assertEquals(42.0, reading.counted());
        assertEquals(2.0, reading.duplicates());
        assertEquals(7.0, reading.lag());
        assertEquals(1.7e9, reading.startTime());
        assertTrue(Double.isNaN(reading.accepted()), "a counter the service does not have is NaN");
        assertTrue(Double.isNaN(reading.deadLettered()), "a value that is not a number is skipped");
        assertTrue(reading.latencyBuckets().isEmpty());
    }

    @Test
    void readsTheDeliveryLatencyBucketsByTheirUpperBound() {
        Reading reading = Reading.parse("""
                babynames_stream_delivery_latency_seconds_bucket{le="0.001"} 1
                babynames_stream_delivery_latency_seconds_bucket{le="0.1"} 9
                babynames_stream_delivery_latency_seconds_bucket{le="+Inf"} 10
                babynames_stream_delivery_latency_seconds_count 10
                """);

        assertEquals(
                new TreeMap<>(Map.of(0.001, 1.0, 0.1, 9.0, Double.POSITIVE_INFINITY, 10.0)), reading.latencyBuckets());
    }

    @Test
    void aRankerThatCannotSayWhatWaitsHasNotAnsweredYet() {
        assertFalse(Reading.parse("babynames_registrations_counted_total 0.0\n").answers());
        assertTrue(Reading.parse("babynames_registrations_counted_total 0.0\nbabynames_ranking_consumer_lag 0.0\n")
                .answers());
        assertTrue(Reading.parse("babynames_registrations_accepted_total 3.0\n").answers());
    }
}
