package babynames.support;

import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import org.slf4j.MDC;

/**
 * A request's correlation id in the logging MDC while its code runs on a thread, as an element of
 * Micronaut's propagated context: wherever the request's code resumes (an event loop, an
 * {@code @ExecuteOn} executor, an HTTP client's answer) the id is put in, and taken out again
 * after. It touches that one key. Micronaut's {@code MdcPropagationContext} would serve too, but it
 * replaces the whole MDC and copies it twice every time, several times a request: a seventh of
 * what a registration allocates.
 */
public record CorrelationMdc(String correlationId) implements ThreadPropagatedContextElement<String> {

    /** Puts the id in the MDC; returns what it replaced (null when the key was not there). */
    @Override
    public String updateThreadContext() {
        String outer = MDC.get(CorrelationFilter.MDC_KEY);
        MDC.put(CorrelationFilter.MDC_KEY, correlationId);
        return outer;
    }

    @Override
    public void restoreThreadContext(String outer) {
        if (outer == null) {
            MDC.remove(CorrelationFilter.MDC_KEY);
        } else {
            MDC.put(CorrelationFilter.MDC_KEY, outer);
        }
    }
}
