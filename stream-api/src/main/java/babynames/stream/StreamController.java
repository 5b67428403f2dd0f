package babynames.stream;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * {@code GET /stream}: live registrations ({@code baby}) and top-10 changes ({@code top10}) as SSE,
 * with a {@code : keep-alive} comment every 15 s (configurable).
 */
@Controller
final class StreamController {
    private static final Event<String> KEEP_ALIVE = Event.of("").comment("keep-alive");

    private final Broadcaster broadcaster;
    private final Duration keepAliveInterval;

    StreamController(
            Broadcaster broadcaster, @Value("${babynames.stream.keep-alive-interval}") Duration keepAliveInterval) {
        this.broadcaster = broadcaster;
        this.keepAliveInterval = keepAliveInterval;
    }

    @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<String>> stream(@Nullable @QueryValue String types, @Nullable @QueryValue String sex) {
        StreamFilter filter = StreamFilter.parse(types, sex);
        // A comment first, so the response (and its headers) starts before the first real event.
        Flux<Event<String>> opening = Flux.just(Event.of("").comment("connected"));
        Flux<Event<String>> live = broadcaster
                .subscribe(filter)
                .map(event -> Event.of(event.data()).id(event.id()).name(event.type()));
        Flux<Event<String>> events = live.onErrorResume(
                Broadcaster.ClientOverflow.class,
                overflow -> Flux.just(Event.of("{\"reason\":\"client too slow, reconnect with Last-Event-ID\"}")
                        .name("overflow")));
        // A comment every so often keeps proxies from closing a quiet stream; it ends with the stream.
        return Flux.concat(
                opening,
                events.publish(shared -> Flux.merge(
                        shared,
                        Flux.interval(keepAliveInterval).map(tick -> KEEP_ALIVE).takeUntilOther(shared.then()))));
    }
}
