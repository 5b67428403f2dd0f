package babynames.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error this system answers with
 * ({@code application/problem+json}). {@code errors} lists what is wrong field by field.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://babynames.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem whose type is {@code https://babynames.dev/problems/<slug>}, documented in docs/problems.md. */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, fieldErrors);
    }

    /** This problem as an exception a controller can throw; the handler turns it into the response. */
    public ProblemException toException() {
        return new ProblemException(this);
    }
}
