package babynames.stream;

import babynames.events.Sex;

/** One event ready to send: its SSE id and type, its JSON data, and the sex it is about (for filters). */
record StreamEvent(String id, String type, String data, Sex sex) {
    static final String BABY = "baby";
    static final String TOP10 = "top10";
}
