package babynames.ranking.names;

import babynames.events.NameRules;
import babynames.events.Sex;
import babynames.support.Problem;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** {@code GET /names/{sex}/{name}}: one name's count and rank, straight from the counts. */
@Controller("/names")
final class NamesController {
    private final NameRankRepository repository;

    NamesController(NameRankRepository repository) {
        this.repository = repository;
    }

    @Get("/{sex}/{name}")
    // A few threads of its own (as many as its connections): a flood of lookups queues here.
    @ExecuteOn("names")
    NameRank find(String sex, String name) {
        Sex parsedSex = Sex.fromWireName(sex)
                .orElseThrow(() -> Problem.of("invalid-sex", "Invalid sex", 400, "sex must be \"male\" or \"female\"")
                        .toException());
        String normalised = NameRules.normalise(name);
        return repository
                .find(parsedSex.wireName(), normalised)
                .orElseThrow(() -> Problem.of(
                                "unknown-name",
                                "Unknown name",
                                404,
                                normalised + " (" + parsedSex + ") has not been registered")
                        .toException());
    }
}
