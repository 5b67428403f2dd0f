package babynames.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A request's correlation id in the MDC while its code runs, and what was there before afterwards. */
class CorrelationMdcTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void theIdIsInTheMdcWhileTheRequestRunsAndGoneAfter() {
        CorrelationMdc request = new CorrelationMdc("request-1");

        String outer = request.updateThreadContext();
        assertEquals("request-1", MDC.get(CorrelationFilter.MDC_KEY));

        request.restoreThreadContext(outer);
        assertNull(MDC.get(CorrelationFilter.MDC_KEY));
    }

    @Test
    void anOuterIdAndOtherKeysAreAsTheyWereAfterwards() {
        MDC.put(CorrelationFilter.MDC_KEY, "outer");
        MDC.put("other", "kept");
        CorrelationMdc inner = new CorrelationMdc("inner");

        String outer = inner.updateThreadContext();
        assertEquals("inner", MDC.get(CorrelationFilter.MDC_KEY));
        assertEquals("kept", MDC.get("other"));

        inner.restoreThreadContext(outer);
        assertEquals("outer", MDC.get(CorrelationFilter.MDC_KEY));
        assertEquals("kept", MDC.get("other"));
    }
}
