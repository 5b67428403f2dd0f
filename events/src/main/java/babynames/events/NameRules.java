package babynames.events;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one definition of a valid baby name (SPEC section 1), shared by the service that accepts
 * registrations and the one that counts them, so both always agree on what a name is.
 */
public final class NameRules {
    public static final int MAX_LENGTH = 64;

    /**
     * Letters (any script, with their combining marks), single hyphens, apostrophes or spaces
     * between them. One trailing hyphen is allowed as well: the ONS 2015 files hold truncated
     * double-barrelled names such as {@code LILY-}, and every ONS name must be accepted as it is.
     */
    private static final Pattern VALID = Pattern.compile("\\p{L}\\p{M}*+(?:[-' ]?+\\p{L}\\p{M}*+)*+-?+");

    private NameRules() {}

    /** Unicode NFC, trimmed, upper-cased with {@link Locale#ROOT}. */
    public static String normalise(String raw) {
        String upper = Normalizer.normalize(raw, Normalizer.Form.NFC).strip().toUpperCase(Locale.ROOT);
        return Normalizer.normalize(upper, Normalizer.Form.NFC);
    }

    /** Why a normalised name is not valid, or empty when it is. */
    public static Optional<String> problemWith(String normalised) {
        int length = normalised.codePointCount(0, normalised.length());
        if (length == 0) {
            return Optional.of("must not be blank");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters, not " + length);
        }
        if (!VALID.matcher(normalised).matches()) {
            return Optional.of("must be letters, with single hyphens, apostrophes or spaces between them");
        }
        return Optional.empty();
    }

    public static boolean isValid(String normalised) {
        return problemWith(normalised).isEmpty();
    }
}
