package babynames.support;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a thrown {@link ProblemException} with its problem as {@code application/problem+json}. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
final class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ProblemException exception) {
        Problem problem = exception.problem();
        MutableHttpResponse<Problem> response = HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .body(problem);
        response.contentType(Problem.MEDIA_TYPE);
        exception.headers().forEach(response::header);
        return response;
    }
}
