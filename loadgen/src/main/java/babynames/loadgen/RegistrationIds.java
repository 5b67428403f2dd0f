package babynames.loadgen;

import java.util.UUID;

/**
 * The registration id in a JSON text: a {@code 202}'s body or a {@code baby} event's data both
 * carry it as {@code "id":"<uuid>"}. Read by position rather than parsed, as the load generator
 * reads thousands a second on the threads it measures with.
 */
final class RegistrationIds {
    private static final String ID_FIELD = "\"id\":\"";
    private static final int UUID_LENGTH = 36;

    private RegistrationIds() {}

    /** The id {@code json} carries, or null when it has none (another event, a malformed answer). */
    static UUID in(String json) {
        int at = json.indexOf(ID_FIELD);
        if (at < 0 || json.length() < at + ID_FIELD.length() + UUID_LENGTH) {
            return null;
        }
        int from = at + ID_FIELD.length();
        try {
            return UUID.fromString(json.substring(from, from + UUID_LENGTH));
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
