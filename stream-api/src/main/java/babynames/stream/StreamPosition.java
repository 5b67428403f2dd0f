package babynames.stream;

import java.util.Optional;

/**
 * Where an event sits in Kafka, as the SSE {@code id:}: a letter for the feed ({@code r} for
 * registrations, {@code t} for top-10 changes), the partition, a dash and the offset, e.g.
 * {@code r2-1234}. Compact and URL-safe, so it also works as {@code ?from=}.
 */
record StreamPosition(Feed feed, int partition, long offset) {
    /** The two topics a stream reads, by the letter that names them in an id. */
    enum Feed {
        REGISTRATIONS('r'),
        TOP10('t');

        private final char code;

        Feed(char code) {
            this.code = code;
        }

        static Optional<Feed> of(char code) {
            for (Feed feed : values()) {
                if (feed.code == code) {
                    return Optional.of(feed);
                }
            }
            return Optional.empty();
        }
    }

    String encode() {
        return String.valueOf(feed.code) + partition + "-" + offset;
    }

    static Optional<StreamPosition> decode(String id) {
        if (id == null || id.length() < 4) {
            return Optional.empty();
        }
        Optional<Feed> feed = Feed.of(id.charAt(0));
        int dash = id.indexOf('-');
        if (feed.isEmpty() || dash < 2) {
            return Optional.empty();
        }
        try {
            int partition = Integer.parseInt(id.substring(1, dash));
            long offset = Long.parseLong(id.substring(dash + 1));
            if (partition < 0 || offset < 0) {
                return Optional.empty();
            }
            StreamPosition position = new StreamPosition(feed.get(), partition, offset);
            // Only the canonical spelling counts (no signs or leading zeros): one id per position.
            return position.encode().equals(id) ? Optional.of(position) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
