package babynames.registration;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Event ids for requests that carry an {@code Idempotency-Key}. The id is derived from the key and
 * what was registered, so a retry of the same request gets the same id on any instance, even after
 * a restart, and the ranker counts it once; the same key with another body gives other ids.
 */
final class IdempotencyKeys {
    static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID = Pattern.compile("[\\x20-\\x7E]{1,128}");

    private IdempotencyKeys() {}

    /** Why a key is not acceptable (1 to 128 printable ASCII characters), or empty when it is. */
    static Optional<String> problemWith(String key) {
        return VALID.matcher(key).matches()
                ? Optional.empty()
                : Optional.of("must be 1 to 128 printable ASCII characters");
    }

    /** The event id of item {@code index} of a request with this key, registering {@code registration}. */
    static UUID eventId(String key, int index, Registration registration) {
        String seed = key + '\n' + index + '\n' + registration.sex().wireName() + ':' + registration.name();
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }
}
