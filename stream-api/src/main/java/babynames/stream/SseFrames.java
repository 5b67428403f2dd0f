package babynames.stream;

import java.nio.charset.StandardCharsets;

/**
 * One or more Server-Sent Events, already in their wire format. An event is encoded once and its
 * bytes shared by every client, and a client that has several events waiting gets them in one
 * write: with thousands of clients, the per-write cost is what limits fan-out.
 */
record SseFrames(byte[] bytes) {
    /** The wire format of one event (SSE field values are single lines; data is one JSON line). */
    static byte[] encode(String name, String id, String data, Long retryMillis) {
        StringBuilder frame = new StringBuilder(data.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ").append(name).append('\n');
        if (retryMillis != null) {
            frame.append("retry: ").append(retryMillis).append('\n');
        }
        frame.append("data: ").append(data).append("\n\n");
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] comment(String text) {
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
