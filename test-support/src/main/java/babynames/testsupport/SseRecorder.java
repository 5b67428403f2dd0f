package babynames.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/** A Server-Sent Events client that records every event and comment it receives, for assertions. */
public final class SseRecorder implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A thread per open stream reads it: reading blocks, so it must not take a shared pool's thread. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sse-recorder");
        thread.setDaemon(true);
        return thread;
    });

    /** One received event: its id (null when it had none), type and data. */
    public record Received(String id, String type, String data) {}

    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;
    private volatile boolean ended;

    private SseRecorder(String url, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        this.response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        this.response.thenAcceptAsync(
                r -> {
                    lines = r.body();
                    try {
                        parse(lines);
                    } catch (RuntimeException closed) {
                        // the test closed the stream
                    }
                    ended = true;
                },
                READERS);
    }

    public static SseRecorder connect(String url) {
        return new SseRecorder(url, null);
    }

    /** Connects the way a browser reconnects: with the id of the last event it saw. */
    public static SseRecorder resume(String url, String lastEventId) {
        return new SseRecorder(url, lastEventId);
    }

    public List<Received> events() {
        return List.copyOf(events);
    }

    public List<Received> events(String type) {
        return events.stream().filter(event -> event.type().equals(type)).toList();
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** The id of the last event that had one, as a browser would send it in Last-Event-ID. */
    public String lastEventId() {
        String last = null;
        for (Received event : events) {
            if (event.id() != null) {
                last = event.id();
            }
        }
        return last;
    }

    public boolean connected() {
        return response.isDone()
                && !response.isCompletedExceptionally()
                && response.join().statusCode() == 200;
    }

    /** The response's status code, or 0 while the response has not started (or failed). */
    public int status() {
        return response.isDone() && !response.isCompletedExceptionally()
                ? response.join().statusCode()
                : 0;
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended;
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
                } else if (field.startsWith(":")) {
                    comments.add(field.substring(1).strip());
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
