package babynames.stream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** {@code GET /stream}: live registrations ({@code baby}) and top-10 changes ({@code top10}) as SSE. */
@Controller
final class StreamController {
    private final Broadcaster broadcaster;

    StreamController(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<String>> stream(@Nullable @QueryValue String types, @Nullable @QueryValue String sex) {
        StreamFilter filter = StreamFilter.parse(types, sex);
        // A comment first, so the response (and its headers) starts before the first real event.
        Flux<Event<String>> opening = Flux.just(Event.of("").comment("connected"));
        Flux<Event<String>> live = broadcaster
                .subscribe(filter)
                .map(event -> Event.of(event.data()).id(event.id()).name(event.type()));
        return Flux.concat(opening, live)
                .onErrorResume(
                        Broadcaster.ClientOverflow.class,
                        overflow -> Flux.just(Event.of("{\"reason\":\"client too slow, reconnect with Last-Event-ID\"}")
                                .name("overflow")));
    }
}
