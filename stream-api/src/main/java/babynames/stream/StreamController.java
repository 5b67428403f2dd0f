package babynames.stream;

import babynames.support.CorrelationFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import org.reactivestreams.Publisher;

/**
 * {@code GET /stream}: registrations ({@code baby}) and top-10 changes ({@code top10}) as SSE.
 * A new client first gets the latest top 10s, then live events; a client that sends
 * {@code Last-Event-ID} (or {@code ?from=}) gets every event after that one, then live events.
 */
@Controller
final class StreamController {
    private final Broadcaster broadcaster;

    StreamController(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<SseFrames> stream(
            @Nullable @QueryValue String types,
            @Nullable @QueryValue String sex,
            @Nullable @QueryValue String from,
            @Nullable @Header("Last-Event-ID") String lastEventId,
            HttpRequest<?> request) {
        StreamFilter filter = StreamFilter.parse(types, sex);
        return broadcaster.open(filter, Resume.of(lastEventId, from), CorrelationFilter.of(request));
    }
}
