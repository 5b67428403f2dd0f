package babynames.stream;

import babynames.events.Topics;
import java.util.Optional;

/**
 * Where an event sits in Kafka, as the SSE {@code id:}: a letter for the topic ({@code r} for
 * registrations, {@code t} for top-10 changes), the partition, a dash and the offset, e.g.
 * {@code r2-1234}. Compact and URL-safe, so it also works as {@code ?from=}.
 */
record StreamPosition(String topic, int partition, long offset) {
    String encode() {
        return String.valueOf(code(topic)) + partition + "-" + offset;
    }

    static Optional<StreamPosition> decode(String id) {
        if (id == null || id.length() < 4) {
            return Optional.empty();
        }
        String topic = switch (id.charAt(0)) {
            case 'r' -> Topics.BABY_REGISTRATIONS;
            case 't' -> Topics.TOP10_CHANGED;
            default -> null;
        };
        int dash = id.indexOf('-');
        if (topic == null || dash < 2) {
            return Optional.empty();
        }
        try {
            int partition = Integer.parseInt(id.substring(1, dash));
            long offset = Long.parseLong(id.substring(dash + 1));
            if (partition < 0 || offset < 0) {
                return Optional.empty();
            }
            StreamPosition position = new StreamPosition(topic, partition, offset);
            // Only the canonical spelling counts (no signs or leading zeros): one id per position.
            return position.encode().equals(id) ? Optional.of(position) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static char code(String topic) {
        return switch (topic) {
            case Topics.BABY_REGISTRATIONS -> 'r';
            case Topics.TOP10_CHANGED -> 't';
            default -> throw new IllegalArgumentException("Not a streamed topic: " + topic);
        };
    }
}
