package babynames.registration;

import babynames.events.BabyRegistered;
import babynames.support.CorrelationFilter;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /baby}: the front door of the system. What happens next is in ranking-service. */
@Controller
final class RegistrationController {
    static final int MAX_BODY_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationController.class);

    private final JsonMapper mapper;
    private final RegistrationParser parser = new RegistrationParser();
    private final RegistrationPublisher publisher;
    private final Duration publishTimeout;
    private final int retryAfterSeconds;
    private final Clock clock = Clock.systemUTC();

    RegistrationController(
            JsonMapper mapper,
            RegistrationPublisher publisher,
            @Value("${babynames.publish-timeout}") Duration publishTimeout,
            @Value("${babynames.retry-after-seconds}") int retryAfterSeconds) {
        this.mapper = mapper;
        this.publisher = publisher;
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Answers 202 only once Kafka has the event: an accepted registration is never lost. */
    @Post("/baby")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> register(HttpRequest<?> request, @Body byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw Problems.bodyTooLarge(MAX_BODY_BYTES);
        }
        JsonNode json;
        try {
            json = mapper.readValue(body, JsonNode.class);
        } catch (IOException e) {
            throw Problems.malformedJson(firstLine(e.getMessage()));
        }
        RegistrationParser.Result parsed = parser.parse(json);
        if (!parsed.isValid()) {
            throw Problems.invalidRegistration(parsed.errors());
        }
        Registration registration = parsed.registration();
        String correlationId = CorrelationFilter.of(request);
        BabyRegistered event =
                BabyRegistered.of(UUID.randomUUID(), registration.name(), registration.sex(), clock.instant());
        try {
            publisher
                    .publish(event, correlationId)
                    .get(publishTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problems.brokerUnavailable(retryAfterSeconds);
        } catch (Exception e) {
            LOG.warn("Kafka did not confirm registration {}: {}", event.eventId(), e.toString());
            return HttpResponse.status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", String.valueOf(retryAfterSeconds))
                    .contentType("application/problem+json")
                    .body(Problems.brokerUnavailable(retryAfterSeconds));
        }
        LOG.info("Registered {} ({}) as {}", event.name(), event.sex(), event.eventId());
        return HttpResponse.accepted()
                .body(new Accepted(event.eventId(), event.name(), event.sex().wireName(), correlationId));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable body";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Parser messages can quote the offending input; keep what reaches the client short.
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
