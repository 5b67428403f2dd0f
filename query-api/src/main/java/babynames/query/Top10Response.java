package babynames.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** The ONS shape of the top 10, plus the version of each list. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record Top10Response(List<Entry> boys, List<Entry> girls, Map<String, Long> versions) {
    /** One line of a list: the ONS files call the count "count" too. */
    @Serdeable
    record Entry(String name, long count) {}
}
