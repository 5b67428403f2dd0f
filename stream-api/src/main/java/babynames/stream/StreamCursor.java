package babynames.stream;

import java.util.Arrays;
import java.util.Optional;

/**
 * A position in the stream: for every partition of both topics, the offset of the next record to
 * send. Each SSE event's {@code id:} is the cursor just after that event, so a client resuming
 * with it gets exactly the records it has not seen, on every partition: no gap, no duplicate.
 *
 * <p>Written as each topic's letter followed by its partitions' offsets, in partition order,
 * separated by dots: {@code r120.98.131t4.7} is registrations partitions 0-2 at 120, 98 and 131,
 * top-10 partitions 0-1 at 4 and 7. Compact, and URL-safe, so it also works as {@code ?from=}.
 */
final class StreamCursor {
    private static final int MAX_PARTITIONS = 1024;

    private final long[][] next;

    private StreamCursor(long[][] next) {
        this.next = next;
    }

    static StreamCursor of(long[] registrations, long[] top10) {
        return new StreamCursor(new long[][] {registrations.clone(), top10.clone()});
    }

    /** The offset of the next record to send from this partition; 0 for a partition it does not know. */
    long next(Feed feed, int partition) {
        long[] offsets = next[feed.ordinal()];
        return partition < offsets.length ? offsets[partition] : 0;
    }

    int partitions(Feed feed) {
        return next[feed.ordinal()].length;
    }

    /** Whether the record at this offset comes before this cursor (was sent already). */
    boolean passed(Feed feed, int partition, long offset) {
        return offset < next(feed, partition);
    }

    /** This cursor moved past the record at the given offset. */
    StreamCursor after(Feed feed, int partition, long offset) {
        long[][] copy = copy(Math.max(partitions(feed), partition + 1), feed);
        copy[feed.ordinal()][partition] = Math.max(copy[feed.ordinal()][partition], offset + 1);
        return new StreamCursor(copy);
    }

    /** Partition by partition, the further of the two positions. */
    StreamCursor max(StreamCursor other) {
        long[][] merged = new long[Feed.values().length][];
        for (Feed feed : Feed.values()) {
            int size = Math.max(partitions(feed), other.partitions(feed));
            merged[feed.ordinal()] = new long[size];
            for (int p = 0; p < size; p++) {
                merged[feed.ordinal()][p] = Math.max(next(feed, p), other.next(feed, p));
            }
        }
        return new StreamCursor(merged);
    }

    /** Whether this cursor is at or past the other one on every partition. */
    boolean atOrPast(StreamCursor other) {
        for (Feed feed : Feed.values()) {
            for (int p = 0; p < other.partitions(feed); p++) {
                if (next(feed, p) < other.next(feed, p)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** How many records lie between {@code from} and this cursor, on the partitions where it is ahead of {@code from}. */
    long distanceFrom(StreamCursor from) {
        long records = 0;
        for (Feed feed : Feed.values()) {
            for (int p = 0; p < partitions(feed); p++) {
                records += Math.max(0, next(feed, p) - from.next(feed, p));
            }
        }
        return records;
    }

    String encode() {
        StringBuilder id = new StringBuilder(32);
        for (Feed feed : Feed.values()) {
            id.append(feed.code);
            long[] offsets = next[feed.ordinal()];
            for (int p = 0; p < offsets.length; p++) {
                if (p > 0) {
                    id.append('.');
                }
                id.append(offsets[p]);
            }
        }
        return id.toString();
    }

    /** The cursor an id names; empty for anything that is not the canonical id of a cursor. */
    static Optional<StreamCursor> decode(String id) {
        if (id == null || id.length() > 20 * 2 * MAX_PARTITIONS) {
            return Optional.empty();
        }
        int t = id.indexOf(Feed.TOP10.code);
        if (!id.startsWith(String.valueOf(Feed.REGISTRATIONS.code)) || t < 0) {
            return Optional.empty();
        }
        Optional<long[]> registrations = offsets(id.substring(1, t));
        Optional<long[]> top10 = offsets(id.substring(t + 1));
        if (registrations.isEmpty() || top10.isEmpty()) {
            return Optional.empty();
        }
        StreamCursor cursor = StreamCursor.of(registrations.get(), top10.get());
        // Only the canonical spelling counts (no signs or leading zeros): one id per cursor.
        return cursor.encode().equals(id) ? Optional.of(cursor) : Optional.empty();
    }

    private static Optional<long[]> offsets(String text) {
        if (text.isEmpty()) {
            return Optional.of(new long[0]);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > MAX_PARTITIONS) {
            return Optional.empty();
        }
        long[] offsets = new long[parts.length];
        try {
            for (int p = 0; p < parts.length; p++) {
                offsets[p] = Long.parseLong(parts[p]);
                if (offsets[p] < 0) {
                    return Optional.empty();
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(offsets);
    }

    private long[][] copy(int size, Feed grown) {
        long[][] copy = new long[next.length][];
        for (int f = 0; f < next.length; f++) {
            copy[f] = Arrays.copyOf(next[f], f == grown.ordinal() ? size : next[f].length);
        }
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamCursor cursor && Arrays.deepEquals(next, cursor.next);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(next);
    }

    @Override
    public String toString() {
        return encode();
    }
}
