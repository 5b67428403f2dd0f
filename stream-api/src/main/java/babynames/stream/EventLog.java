package babynames.stream;

/**
 * The stream's events as the log keeps them: what a replay reads. Kafka in the service
 * ({@link KafkaEventLog}); a model of the log in the tests that explore replays against live events.
 */
interface EventLog {

    /** Takes replayed events in order; false to stop reading. */
    @FunctionalInterface
    interface Sink {
        boolean accept(StreamEvent event) throws InterruptedException;
    }

    /**
     * Reads every event after {@code from} and before {@code until}, partition by partition in log
     * order, each with the stream cursor just after it (counted from {@code from}).
     *
     * @param deadlineNanos a {@link System#nanoTime()} after which the read gives up ({@link TookTooLong})
     * @return the cursor after the last record read (unreadable records move it too)
     * @throws PositionGone when part of the range is no longer in the log
     */
    StreamCursor read(StreamCursor from, StreamCursor until, long deadlineNanos, Sink sink)
            throws InterruptedException, PositionGone;

    /** Part of the range was deleted (retention) before it could be read. */
    final class PositionGone extends Exception {
        PositionGone(String message) {
            super(message);
        }
    }

    /** The read passed its deadline. */
    final class TookTooLong extends RuntimeException {
        TookTooLong(String message) {
            super(message);
        }
    }
}
