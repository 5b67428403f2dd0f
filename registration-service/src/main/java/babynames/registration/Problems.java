package babynames.registration;

import babynames.support.FieldError;
import babynames.support.Problem;
import babynames.support.ProblemException;
import java.util.List;
import java.util.stream.Collectors;

/** The problems this service answers with; each type is described in docs/problems.md. */
final class Problems {
    private Problems() {}

    static ProblemException invalidRegistration(List<FieldError> errors) {
        String detail = errors.stream()
                .map(e -> (e.field().isEmpty() ? "body" : e.field()) + " " + e.message())
                .collect(Collectors.joining("; "));
        return Problem.of(
                        "invalid-registration",
                        "Invalid registration",
                        400,
                        "The registration was not accepted: " + detail)
                .withErrors(errors)
                .toException();
    }

    static ProblemException malformedJson(String why) {
        return Problem.of("malformed-json", "Malformed JSON", 400, "The body is not valid JSON: " + why)
                .toException();
    }

    static ProblemException bodyTooLarge(int limit) {
        return Problem.of("body-too-large", "Body too large", 413, "The body must be at most " + limit + " bytes")
                .toException();
    }

    static ProblemException invalidBatch(List<FieldError> errors) {
        return Problem.of(
                        "invalid-batch",
                        "Invalid batch",
                        400,
                        errors.size() + " problem(s) in the batch; nothing was accepted. See errors, by item index.")
                .withErrors(errors)
                .toException();
    }

    static ProblemException batchTooLarge(int limit) {
        return Problem.of(
                        "batch-too-large",
                        "Batch too large",
                        413,
                        "A batch holds at most " + limit + " registrations; split it")
                .toException();
    }

    static ProblemException invalidIdempotencyKey(String why) {
        return Problem.of("invalid-idempotency-key", "Invalid Idempotency-Key", 400, "Idempotency-Key " + why)
                .toException();
    }

    static ProblemException idempotencyInProgress() {
        return Problem.of(
                        "idempotency-key-in-progress",
                        "Idempotency-Key in progress",
                        409,
                        "A request with this Idempotency-Key is being accepted right now; retry after Retry-After"
                                + " to get its answer")
                .toException()
                .withHeader("Retry-After", "1");
    }

    static ProblemException idempotencyConflict() {
        return Problem.of(
                        "idempotency-key-reused",
                        "Idempotency-Key reused",
                        422,
                        "This Idempotency-Key was used for a different request in the last 24 hours; use a new key")
                .toException();
    }

    static ProblemException brokerUnavailable(int retryAfterSeconds) {
        return Problem.of(
                        "broker-unavailable",
                        "Registrations are paused",
                        503,
                        "Kafka did not confirm the registration in time; it may still be recorded. Retry after "
                                + retryAfterSeconds + " s with the same Idempotency-Key, and it is counted once.")
                .toException()
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }
}
