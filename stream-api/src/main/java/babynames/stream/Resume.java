package babynames.stream;

import babynames.support.Problem;

/**
 * Where a client wants its stream to start: from now (a new client), just after a position it saw
 * ({@code Last-Event-ID}, or {@code ?from=}), or from an id that is not a position of this stream.
 */
record Resume(StreamCursor after, String unknownId) {
    static final Resume FROM_NOW = new Resume(null, null);

    /**
     * The browser sends {@code Last-Event-ID} when it reconnects, which is newer than the {@code from}
     * in the URL it first opened, so the header wins. A bad {@code from} is the caller's mistake (400);
     * a bad header is not (a browser resends whatever id it last saw), so it gets a gap event instead.
     */
    static Resume of(String lastEventId, String from) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return StreamCursor.decode(lastEventId.strip())
                    .map(cursor -> new Resume(cursor, null))
                    .orElse(new Resume(null, lastEventId));
        }
        if (from != null && !from.isBlank()) {
            return StreamCursor.decode(from.strip())
                    .map(cursor -> new Resume(cursor, null))
                    .orElseThrow(() -> Problem.of(
                                    "invalid-position",
                                    "Invalid stream position",
                                    400,
                                    "from must be the id of an event from this stream, such as r12.0.7t3.1")
                            .toException());
        }
        return FROM_NOW;
    }
}
