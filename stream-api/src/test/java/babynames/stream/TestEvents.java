package babynames.stream;

import babynames.events.Sex;

/** Stream events for unit tests, on a stream of 3 registration and 2 top-10 partitions. */
final class TestEvents {
    static final StreamCursor START = StreamCursor.of(new long[3], new long[2]);

    private TestEvents() {}

    static StreamEvent baby(Sex sex, int partition, long offset) {
        return at(START, StreamEvent.BABY, sex, Feed.REGISTRATIONS, partition, offset);
    }

    static StreamEvent top10(Sex sex, int partition, long offset) {
        return at(START, StreamEvent.TOP10, sex, Feed.TOP10, partition, offset);
    }

    /** The event for this record on a stream that was at {@code before}. */
    static StreamEvent at(StreamCursor before, String type, Sex sex, Feed feed, int partition, long offset) {
        StreamCursor after = before.after(feed, partition, offset);
        String data = "{\"p\":" + partition + ",\"o\":" + offset + "}";
        return StreamEvent.of(type, data, sex, feed, partition, offset, System.currentTimeMillis(), after);
    }
}
