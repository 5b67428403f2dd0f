package babynames.stream;

import babynames.events.Sex;
import io.micronaut.http.sse.Event;

/**
 * One record ready to send: where it came from in Kafka, the stream cursor just after it, and the
 * SSE event built once for every client whose stream is at that cursor.
 *
 * @param timestamp the Kafka record's timestamp, for the delivery latency
 */
record StreamEvent(
        String type,
        String data,
        Sex sex,
        Feed feed,
        int partition,
        long offset,
        long timestamp,
        StreamCursor cursor,
        Event<String> sse) {
    static final String BABY = "baby";
    static final String TOP10 = "top10";

    static StreamEvent of(
            String type,
            String data,
            Sex sex,
            Feed feed,
            int partition,
            long offset,
            long timestamp,
            StreamCursor cursor) {
        Event<String> sse = Event.of(data).name(type).id(cursor.encode());
        return new StreamEvent(type, data, sex, feed, partition, offset, timestamp, cursor, sse);
    }

    /** The same event as seen by a stream at another cursor (one that was ahead on some partition). */
    Event<String> sseAt(StreamCursor streamCursor) {
        return Event.of(data).name(type).id(streamCursor.encode());
    }
}
