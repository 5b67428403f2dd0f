package babynames.registration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Event ids for requests that carry an {@code Idempotency-Key}. An id is derived from the key and
 * a fingerprint of the whole request (its endpoint and every registration in it, normalised), so
 * a retry of the same request gets the same ids on any instance, even after a restart, and the
 * ranker counts it once; any other request with the same key, on any endpoint, gets other ids.
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

    /** What identifies a request: its endpoint and its registrations in order, as they were normalised. */
    static String fingerprint(String endpoint, List<Registration> registrations) {
        MessageDigest digest = sha256();
        digest.update(endpoint.getBytes(StandardCharsets.UTF_8));
        for (Registration registration : registrations) {
            String item = '\n' + registration.sex().wireName() + ':' + registration.name();
            digest.update(item.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A new SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The event id of item {@code index} of the request with this key and {@link #fingerprint}. */
    static UUID eventId(String key, String fingerprint, int index) {
        String seed = key + '\n' + fingerprint + '\n' + index;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }
}
