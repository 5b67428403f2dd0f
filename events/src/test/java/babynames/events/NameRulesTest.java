package babynames.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "oliver|OLIVER",
                "  Ella-Rose  |ELLA-ROSE",
                "o'shea|O'SHEA",
                "Is'haaq|IS'HAAQ",
                "mary ann|MARY ANN",
                "zoë|ZOË",
                "ZOE\u0308|ZOË",
                "محمد|محمد",
                "björn-åke|BJÖRN-ÅKE"
            })
    void normalisesToAValidName(String raw, String expected) {
        String name = NameRules.normalise(raw);

        assertEquals(expected, name);
        assertTrue(NameRules.isValid(name), name);
    }

    /** Every ONS 2015 name that is not plain A-Z (hyphens, apostrophes, trailing hyphens), as published. */
    @ParameterizedTest
    @MethodSource("unusualOnsNames")
    void acceptsEveryUnusualOnsNameAsItIs(String name) {
        assertEquals(name, NameRules.normalise(name));
        assertTrue(NameRules.isValid(name), name);
    }

    static List<String> unusualOnsNames() throws IOException {
        try (var in = NameRulesTest.class.getResourceAsStream("/fixtures/ons-2015-unusual-names.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "-OLIVER",
                "OLIVER--",
                "OLIVER -",
                "OLI--VER",
                "OLI  VER",
                "O''SHEA",
                "R2D2",
                "OLIVER!",
                "<SCRIPT>",
                "A_B"
            })
    void rejectsWhatIsNotAName(String raw) {
        assertFalse(NameRules.isValid(NameRules.normalise(raw)));
    }

    @org.junit.jupiter.api.Test
    void acceptsSixtyFourLettersButNotSixtyFive() {
        assertTrue(NameRules.isValid("A".repeat(64)));
        assertFalse(NameRules.isValid("A".repeat(65)));
    }
}
