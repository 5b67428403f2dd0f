package babynames.registration;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * {@code POST /baby} takes at most 4 KiB. A request that says it is larger ({@code Content-Length})
 * is refused with {@code 413} from its headers, before its body is read: a client cannot make the
 * server hold a body up to the server-wide {@code max-request-size} (which is there for batches)
 * just to be told it was too large. A body without a length is checked once read.
 */
@ServerFilter("/baby")
final class BodyLimit {
    @RequestFilter
    void refuseWhatIsTooLarge(HttpRequest<?> request) {
        if (request.getContentLength() > RegistrationController.MAX_BODY_BYTES) {
            throw Problems.bodyTooLarge(RegistrationController.MAX_BODY_BYTES);
        }
    }
}
