package babynames.stream.flow;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /flow}: the books of the last window, for the live page's invariants panel. */
@Controller("/flow")
final class FlowController {
    private final FlowSampler sampler;

    FlowController(FlowSampler sampler) {
        this.sampler = sampler;
    }

    @Get
    Books books() {
        return sampler.books();
    }
}
