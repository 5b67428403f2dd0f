package babynames.query;

import babynames.events.RankedName;
import babynames.events.Sex;
import babynames.support.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /top10}: the top 10 of both sexes (or one, with {@code ?sex=}) from memory. The ETag
 * is made of the versions, so a client polling with {@code If-None-Match} gets 304 until a change.
 */
@Controller
final class Top10Controller {
    private final Top10ReadModel model;

    Top10Controller(Top10ReadModel model) {
        this.model = model;
    }

    @Get("/top10")
    HttpResponse<Top10Response> top10(
            @Nullable @QueryValue String sex, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        List<Sex> wanted = sex == null ? List.of(Sex.MALE, Sex.FEMALE) : List.of(parse(sex));
        Map<String, Long> versions = new LinkedHashMap<>();
        for (Sex s : wanted) {
            versions.put(s.wireName(), model.version(s));
        }
        String etag = etag(versions);
        if (etag.equals(ifNoneMatch)) {
            return HttpResponse.<Top10Response>notModified().header(HttpHeaders.ETAG, etag);
        }
        var body = new Top10Response(
                wanted.contains(Sex.MALE) ? entries(Sex.MALE) : null,
                wanted.contains(Sex.FEMALE) ? entries(Sex.FEMALE) : null,
                versions);
        return HttpResponse.ok(body).header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    private List<Top10Response.Entry> entries(Sex sex) {
        return model.latest(sex)
                .map(snapshot -> snapshot.names().stream()
                        .map((RankedName n) -> new Top10Response.Entry(n.name(), n.count()))
                        .toList())
                .orElse(List.of());
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
