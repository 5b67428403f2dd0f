package babynames.registration;

import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The documented shape of a registration request. Bodies are read as raw JSON and checked field
 * by field ({@link RegistrationParser}), so a wrong type gets a precise error; this record only
 * describes the contract in the OpenAPI document.
 */
@Introspected
@Schema(name = "Registration", description = "One baby registration")
record RegistrationRequest(
        @Schema(
                description = "Letters of any script, with single hyphens, apostrophes or spaces between"
                        + " them; 1 to 64 characters after NFC, trimming and upper-casing",
                example = "Ella-Rose")
        String name,

        @Schema(
                allowableValues = {"male", "female"},
                example = "female")
        String sex) {}
