package babynames.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The events in bytes a client was sent, as a browser's EventSource reads them (comments left out). */
record SentEvents(String event, String id, String data) {

    static List<SentEvents> parse(SseFrames frames) {
        List<SentEvents> events = new ArrayList<>();
        for (String block : new String(frames.bytes(), StandardCharsets.UTF_8).split("\n\n")) {
            String event = null;
            String id = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (event != null) {
                events.add(new SentEvents(event, id, data));
            }
        }
        return events;
    }
}
