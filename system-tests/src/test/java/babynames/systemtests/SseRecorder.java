package babynames.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events client that records every event it receives, for assertions. */
final class SseRecorder implements AutoCloseable {
    /** One received event: its id, type and data. */
    record Received(String id, String type, String data) {}

    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    private SseRecorder(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .build();
        this.response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        this.response.thenAcceptAsync(r -> {
            lines = r.body();
            parse(lines);
        });
    }

    static SseRecorder connect(String url) {
        return new SseRecorder(url);
    }

    List<Received> events() {
        return List.copyOf(events);
    }

    boolean connected() {
        return response.isDone()
                && !response.isCompletedExceptionally()
                && response.join().statusCode() == 200;
    }

    private void parse(Stream<String> body) {
        List<String> block = new ArrayList<>();
        body.forEach(line -> {
            if (!line.isEmpty()) {
                block.add(line);
                return;
            }
            String id = null;
            String type = "message";
            StringBuilder data = new StringBuilder();
            for (String field : block) {
                if (field.startsWith("id:")) {
                    id = field.substring(3).strip();
                } else if (field.startsWith("event:")) {
                    type = field.substring(6).strip();
                } else if (field.startsWith("data:")) {
                    data.append(field.substring(5).strip());
                }
            }
            if (!data.isEmpty()) {
                events.add(new Received(id, type, data.toString()));
            }
            block.clear();
        });
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        response.cancel(true);
    }
}
