package babynames.support;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Renders the errors Micronaut itself raises (unknown route, wrong content type, body too large,
 * method not allowed, ...) as problem+json too, so a client sees one error format everywhere. A
 * server error never shows its message: that could leak internals.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {
    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        String detail = status.getCode() >= 500
                ? "The server could not handle the request. It has been logged; try again later."
                : context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        if (detail.isEmpty()) {
            detail = status.getReason();
        }
        Problem problem = Problem.of(slug(status), status.getReason(), status.getCode(), detail);
        MutableHttpResponse<Problem> response = base.body(problem);
        response.contentType(Problem.MEDIA_TYPE);
        return response;
    }

    private static String slug(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not-found";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case REQUEST_ENTITY_TOO_LARGE -> "body-too-large";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            default -> status.getCode() >= 500 ? "server-error" : "bad-request";
        };
    }
}
