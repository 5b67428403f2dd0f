package babynames.support;

import io.micronaut.serde.annotation.Serdeable;

/** What is wrong with one field of a request, in words a client can act on. */
@Serdeable
public record FieldError(String field, String message) {}
