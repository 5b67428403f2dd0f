package babynames.stream;

import babynames.events.Sex;

/**
 * One record ready to send: where it came from in Kafka, the stream cursor just after it, and the
 * SSE event's bytes, encoded once for every client whose stream is at that cursor.
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
        byte[] frame) {
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
        return new StreamEvent(type, data, sex, feed, partition, offset, timestamp, cursor, frame(type, data, cursor));
    }

    /** The same event as seen by a stream at another cursor (one that was ahead on some partition). */
    byte[] frameAt(StreamCursor streamCursor) {
        return frame(type, data, streamCursor);
    }

    private static byte[] frame(String type, String data, StreamCursor cursor) {
        return SseFrames.encode(type, cursor.encode(), data, null);
    }
}
