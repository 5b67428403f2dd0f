package babynames.stream;

import babynames.events.TopicNames;
import java.util.Optional;

/** The two topics a stream reads, each named by one letter in a {@link StreamCursor} id. */
enum Feed {
    REGISTRATIONS('r'),
    TOP10('t');

    final char code;

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

    static Feed ofTopic(TopicNames topics, String topic) {
        return topics.registrations().equals(topic) ? REGISTRATIONS : TOP10;
    }

    String topic(TopicNames topics) {
        return this == REGISTRATIONS ? topics.registrations() : topics.top10Changed();
    }
}
