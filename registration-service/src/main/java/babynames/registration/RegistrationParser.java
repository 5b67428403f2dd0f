package babynames.registration;

import babynames.events.NameRules;
import babynames.events.Sex;
import babynames.support.FieldError;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns a JSON registration into a {@link Registration}, or says field by field what is wrong with it. */
final class RegistrationParser {
    private static final Set<String> FIELDS = Set.of("name", "sex");

    /** Either a registration or at least one error, never both. */
    record Result(Registration registration, List<FieldError> errors) {
        boolean isValid() {
            return errors.isEmpty();
        }
    }

    Result parse(JsonNode json) {
        if (!json.isObject()) {
            return invalid(new FieldError("", "must be a JSON object like {\"name\":\"OLIVER\",\"sex\":\"male\"}"));
        }
        List<FieldError> errors = new ArrayList<>();
        String name = null;
        JsonNode nameNode = json.get("name");
        if (nameNode == null || nameNode.isNull()) {
            errors.add(new FieldError("name", "is required"));
        } else if (!nameNode.isString()) {
            errors.add(new FieldError("name", "must be a string"));
        } else {
            name = NameRules.normalise(nameNode.getStringValue());
            NameRules.problemWith(name).ifPresent(problem -> errors.add(new FieldError("name", problem)));
        }
        Sex sex = null;
        JsonNode sexNode = json.get("sex");
        if (sexNode == null || sexNode.isNull()) {
            errors.add(new FieldError("sex", "is required"));
        } else if (!sexNode.isString()) {
            errors.add(new FieldError("sex", "must be a string"));
        } else {
            sex = Sex.fromWireName(sexNode.getStringValue()).orElse(null);
            if (sex == null) {
                errors.add(new FieldError("sex", "must be \"male\" or \"female\""));
            }
        }
        for (var entry : json.entries()) {
            String field = entry.getKey();
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "is not a field of a registration (expected name and sex)"));
            }
        }
        return errors.isEmpty() ? new Result(new Registration(name, sex), List.of()) : new Result(null, errors);
    }

    private static Result invalid(FieldError error) {
        return new Result(null, List.of(error));
    }
}
