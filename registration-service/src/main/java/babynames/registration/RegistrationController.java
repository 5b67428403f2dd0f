package babynames.registration;

import babynames.events.BabyRegistered;
import babynames.support.CorrelationFilter;
import babynames.support.Trail;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /baby} and {@code POST /babies}: the front door of the system. They translate HTTP
 * and hand valid registrations to {@link RegistrationIntake}; what happens next is in ranking-service.
 *
 * <p>{@code POST /baby} runs on the event loop (publishing never blocks) and answers when Kafka has
 * acknowledged, with no thread waiting for that in between.
 */
@Controller
final class RegistrationController {
    static final int MAX_BODY_BYTES = 4096;
    static final String NDJSON = "application/x-ndjson";

    private final JsonMapper mapper;
    private final RegistrationParser parser = new RegistrationParser();
    private final BatchParser batchParser;
    private final RegistrationIntake intake;

    RegistrationController(JsonMapper mapper, RegistrationIntake intake) {
        this.mapper = mapper;
        this.batchParser = new BatchParser(mapper);
        this.intake = intake;
    }

    /** One registration; 202 only once Kafka has it, so an accepted registration is never lost. */
    @Operation(
            summary = "Register one baby",
            description = "Answers 202 only once Kafka has durably stored the registration. With an"
                    + " Idempotency-Key, a retry gets the same id and is counted once.",
            requestBody =
                    @RequestBody(content = @Content(schema = @Schema(implementation = RegistrationRequest.class))))
    @ApiResponse(responseCode = "202", description = "Accepted and durably stored")
    @ApiResponse(responseCode = "400", description = "Malformed JSON or an invalid field (problem+json with errors)")
    @ApiResponse(responseCode = "413", description = "Body over 4 KiB")
    @ApiResponse(responseCode = "415", description = "Body is not application/json")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key already used for another request")
    @ApiResponse(responseCode = "503", description = "Kafka did not confirm in time; retry after Retry-After")
    @Post("/baby")
    @Consumes(MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<Accepted>> register(
            HttpRequest<?> request,
            @Nullable @Body byte[] body,
            @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey) {
        if (body == null || body.length == 0) {
            throw Problems.malformedJson("the body is empty");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw Problems.bodyTooLarge(MAX_BODY_BYTES);
        }
        checkKey(idempotencyKey);
        RegistrationParser.Result parsed = parser.parse(BatchParser.readJson(mapper, body));
        if (!parsed.isValid()) {
            throw Problems.invalidRegistration(parsed.errors());
        }
        String correlationId = CorrelationFilter.of(request);
        return intake.accept("baby", List.of(parsed.registration()), idempotencyKey, correlationId)
                .thenApplyAsync(events -> accepted(events.get(0), correlationId), ConnectionThread.of(request));
    }

    /**
     * Up to 1,000 registrations, as a JSON array or NDJSON: all of them are accepted, or none is
     * (with every item's errors). With an Idempotency-Key a retried batch is counted once.
     */
    @Operation(
            summary = "Register up to 1,000 babies, all or none",
            description = "A JSON array or NDJSON (application/x-ndjson). If any item is invalid, nothing is"
                    + " published and the 400 lists every item's errors by index. The batch is one Kafka"
                    + " transaction: consumers see all of it or none. After a 503 (outcome unknown), retry"
                    + " with the same Idempotency-Key and every registration is counted once.",
            requestBody =
                    @RequestBody(
                            content =
                                    @Content(
                                            array =
                                                    @ArraySchema(
                                                            schema =
                                                                    @Schema(
                                                                            implementation =
                                                                                    RegistrationRequest.class)))))
    @ApiResponse(responseCode = "202", description = "All accepted and durably stored")
    @ApiResponse(responseCode = "400", description = "Invalid batch; nothing accepted (errors by item index)")
    @ApiResponse(responseCode = "413", description = "More than 1,000 registrations")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key already used for another request")
    @ApiResponse(responseCode = "503", description = "Kafka did not confirm in time; retry with the same key")
    @Post("/babies")
    @Consumes({MediaType.APPLICATION_JSON, NDJSON})
    // Up to 1,000 parses and sends: off the event loop, so its other connections are not held up.
    @ExecuteOn(TaskExecutors.BLOCKING)
    CompletableFuture<HttpResponse<BatchAccepted>> registerBatch(
            HttpRequest<?> request,
            @Nullable @Body byte[] body,
            @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey) {
        checkKey(idempotencyKey);
        if (body == null || body.length == 0) {
            throw Problems.malformedJson("the body is empty");
        }
        boolean ndjson = request.getContentType()
                .map(type -> type.getName().equals(NDJSON))
                .orElse(false);
        BatchParser.Result parsed = ndjson ? batchParser.parseNdjson(body) : batchParser.parseJsonArray(body);
        if (!parsed.errors().isEmpty()) {
            throw Problems.invalidBatch(parsed.errors());
        }
        String correlationId = CorrelationFilter.of(request);
        return intake.accept(RegistrationIntake.BATCH_ENDPOINT, parsed.registrations(), idempotencyKey, correlationId)
                .thenApplyAsync(events -> accepted(events, correlationId), ConnectionThread.of(request));
    }

    private static HttpResponse<Accepted> accepted(BabyRegistered event, String correlationId) {
        Trail.log(correlationId, "accepted registration {}: {} ({})", event.eventId(), event.name(), event.sex());
        return HttpResponse.accepted().body(Accepted.of(event, correlationId));
    }

    private static HttpResponse<BatchAccepted> accepted(List<BabyRegistered> events, String correlationId) {
        Trail.log(
                correlationId,
                "accepted a batch of {} registrations: {} to {}",
                events.size(),
                events.get(0).eventId(),
                events.get(events.size() - 1).eventId());
        return HttpResponse.accepted().body(BatchAccepted.of(events, correlationId));
    }

    private static void checkKey(String idempotencyKey) {
        if (idempotencyKey != null) {
            IdempotencyKeys.problemWith(idempotencyKey).ifPresent(why -> {
                throw Problems.invalidIdempotencyKey(why);
            });
        }
    }
}
