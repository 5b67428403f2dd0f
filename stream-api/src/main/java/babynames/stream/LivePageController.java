package babynames.stream;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /}: the live page (its script and style are static resources under {@code /live/}).
 * The page posts registrations straight to registration-service, whose address browsers need.
 */
@Controller
final class LivePageController {
    private final String page;

    LivePageController(@Value("${babynames.stream.registration-url}") String registrationUrl) {
        this.page = template().replace("{{registrationUrl}}", escapeAttribute(registrationUrl));
    }

    @Get
    @Produces(MediaType.TEXT_HTML)
    String page() {
        return page;
    }

    private static String template() {
        try (InputStream in = LivePageController.class.getResourceAsStream("/templates/live-page.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeAttribute(String text) {
        return text.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
