package babynames.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Fans the one live feed out to every connected client. Each client has its own bounded buffer:
 * a client that cannot keep up overflows its own buffer and is cut off, and nobody else waits.
 * {@link #publish} is called from the single feed thread only.
 */
@Singleton
final class Broadcaster {
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final int bufferSize;

    private final Counter delivered;
    private final Counter overflows;

    Broadcaster(@Value("${babynames.stream.client-buffer}") int bufferSize, MeterRegistry meters) {
        this.bufferSize = bufferSize;
        Gauge.builder("babynames.stream.clients", clients, Set::size)
                .description("SSE clients connected to this instance")
                .register(meters);
        this.delivered = Counter.builder("babynames.stream.events.queued")
                .description("Events handed to client buffers")
                .register(meters);
        this.overflows = Counter.builder("babynames.stream.overflows")
                .description("Clients cut off because their buffer overflowed")
                .register(meters);
    }

    /** Thrown into a client's stream when its buffer overflowed. */
    static final class ClientOverflow extends RuntimeException {
        ClientOverflow() {
            super("client buffer overflowed", null, false, false);
        }
    }

    private record Client(Sinks.Many<StreamEvent> sink, Predicate<StreamEvent> filter) {}

    Flux<StreamEvent> subscribe(Predicate<StreamEvent> filter) {
        Sinks.Many<StreamEvent> sink = Sinks.many()
                .unicast()
                .onBackpressureBuffer(Queues.<StreamEvent>get(bufferSize).get());
        Client client = new Client(sink, filter);
        clients.add(client);
        return sink.asFlux().doFinally(signal -> clients.remove(client));
    }

    void publish(StreamEvent event) {
        for (Client client : clients) {
            if (!client.filter().test(event)) {
                continue;
            }
            Sinks.EmitResult result = client.sink().tryEmitNext(event);
            if (result.isSuccess()) {
                delivered.increment();
            } else if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
                overflows.increment();
                clients.remove(client);
                client.sink().tryEmitError(new ClientOverflow());
            }
        }
    }

    int clientCount() {
        return clients.size();
    }
}
