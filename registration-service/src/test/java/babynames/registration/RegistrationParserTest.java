package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.support.FieldError;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationParserTest {
    private final RegistrationParser parser = new RegistrationParser();

    private RegistrationParser.Result parse(String json) throws IOException {
        return parser.parse(JsonMapper.createDefault().readValue(json, JsonNode.class));
    }

    @Test
    void normalisesAValidRegistration() throws IOException {
        RegistrationParser.Result result = parse("{\"name\":\" ella-rose \",\"sex\":\"female\"}");

        assertTrue(result.isValid());
        assertEquals(new Registration("ELLA-ROSE", Sex.FEMALE), result.registration());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"sex\":\"male\"}|name|is required",
                "{\"name\":null,\"sex\":\"male\"}|name|is required",
                "{\"name\":7,\"sex\":\"male\"}|name|must be a string",
                "{\"name\":[\"A\"],\"sex\":\"male\"}|name|must be a string",
                "{\"name\":\"\",\"sex\":\"male\"}|name|must not be blank",
                "{\"name\":\"A1\",\"sex\":\"male\"}|name|must be letters, with single hyphens, apostrophes or spaces between them",
                "{\"name\":\"OLIVER\"}|sex|is required",
                "{\"name\":\"OLIVER\",\"sex\":true}|sex|must be a string",
                "{\"name\":\"OLIVER\",\"sex\":\"MALE\"}|sex|must be \"male\" or \"female\"",
                "{\"name\":\"OLIVER\",\"sex\":\"male\",\"age\":1}|age|is not a field of a registration (expected name and sex)",
                "[1]||must be a JSON object like {\"name\":\"OLIVER\",\"sex\":\"male\"}"
            })
    void saysWhichFieldIsWrongAndWhy(String json, String field, String message) throws IOException {
        RegistrationParser.Result result = parse(json);

        assertEquals(List.of(new FieldError(field == null ? "" : field, message)), result.errors());
    }

    @Test
    void reportsEveryWrongFieldAtOnce() throws IOException {
        assertEquals(2, parse("{\"name\":1,\"sex\":2}").errors().size());
    }
}
