package babynames.query;

import babynames.events.RankedName;
import babynames.events.Sex;
import babynames.events.Top10Changed;
import babynames.support.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /top10}: the top 10 of both sexes (or one, with {@code ?sex=}) from memory. The ETag
 * is made of the versions, so a client polling with {@code If-None-Match} gets 304 until a change.
 */
@Controller
final class Top10Controller {
    private final Top10ReadModel model;
    private final JsonMapper mapper;
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    Top10Controller(Top10ReadModel model, JsonMapper mapper) {
        this.model = model;
        this.mapper = mapper;
    }

    /** A rendered answer and the ETag it was rendered for: the JSON is written once per change, not per request. */
    private record Rendered(String etag, byte[] json) {}

    @Get("/top10")
    HttpResponse<byte[]> top10(
            @Nullable @QueryValue String sex, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch)
            throws IOException {
        List<Sex> wanted = sex == null ? List.of(Sex.MALE, Sex.FEMALE) : List.of(parse(sex));
        Map<Sex, Top10Changed> view = model.view();
        Map<String, Long> versions = new LinkedHashMap<>();
        for (Sex s : wanted) {
            Top10Changed held = view.get(s);
            versions.put(s.wireName(), held == null ? 0 : held.version());
        }
        String etag = etag(versions);
        if (etag.equals(ifNoneMatch)) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, etag);
        }
        String key = sex == null ? "" : sex;
        Rendered answer = rendered.get(key);
        if (answer == null || !answer.etag().equals(etag)) {
            var body = new Top10Response(
                    wanted.contains(Sex.MALE) ? entries(view.get(Sex.MALE)) : null,
                    wanted.contains(Sex.FEMALE) ? entries(view.get(Sex.FEMALE)) : null,
                    versions);
            answer = new Rendered(etag, mapper.writeValueAsBytes(body));
            rendered.put(key, answer);
        }
        return HttpResponse.ok(answer.json())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    private static List<Top10Response.Entry> entries(Top10Changed snapshot) {
        if (snapshot == null) {
            return List.of();
        }
        return snapshot.names().stream()
                .map((RankedName n) -> new Top10Response.Entry(n.name(), n.count()))
                .toList();
    }

    private static String etag(Map<String, Long> versions) {
        StringBuilder tag = new StringBuilder("\"");
        versions.forEach((sex, version) -> tag.append(sex.charAt(0)).append(version));
        return tag.append('"').toString();
    }

    private static Sex parse(String sex) {
        return Sex.fromWireName(sex)
                .orElseThrow(() -> Problem.of("invalid-sex", "Invalid sex", 400, "sex must be \"male\" or \"female\"")
                        .toException());
    }
}
