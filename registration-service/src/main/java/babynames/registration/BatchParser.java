package babynames.registration;

import babynames.support.FieldError;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch: a JSON array of registrations, or NDJSON (one registration per line). Every item
 * is checked, and the errors of all items are reported together, named by index ({@code [3].name}).
 */
final class BatchParser {
    static final int MAX_ITEMS = 1000;

    private final JsonMapper mapper;
    private final RegistrationParser parser = new RegistrationParser();

    BatchParser(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Either the registrations (all valid) or the errors, never both. */
    record Result(List<Registration> registrations, List<FieldError> errors) {}

    /** The body as a JSON tree; a malformed-json problem when it is not JSON (or only white space). */
    static JsonNode readJson(JsonMapper mapper, byte[] body) {
        JsonNode json;
        try {
            json = mapper.readValue(body, JsonNode.class);
        } catch (IOException e) {
            throw Problems.malformedJson(firstLine(e.getMessage()));
        }
        if (json == null) {
            throw Problems.malformedJson("the body is empty");
        }
        return json;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable body";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Parser messages can quote the offending input; keep what reaches the client short.
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    Result parseJsonArray(byte[] body) {
        JsonNode json = readJson(mapper, body);
        if (!json.isArray()) {
            return errors(new FieldError("", "must be a JSON array of registrations (or send NDJSON)"));
        }
        List<JsonNode> items = new ArrayList<>(json.size());
        json.values().forEach(items::add);
        return parseItems(items, List.of());
    }

    Result parseNdjson(byte[] body) {
        List<JsonNode> items = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                items.add(java.util.Objects.requireNonNull(mapper.readValue(line, JsonNode.class)));
            } catch (IOException | NullPointerException e) {
                errors.add(new FieldError("[" + items.size() + "]", "is not valid JSON"));
                items.add(null);
            }
        }
        return parseItems(items, errors);
    }

    private Result parseItems(List<JsonNode> items, List<FieldError> lineErrors) {
        if (items.isEmpty()) {
            return errors(new FieldError("", "must hold at least one registration"));
        }
        if (items.size() > MAX_ITEMS) {
            throw Problems.batchTooLarge(MAX_ITEMS);
        }
        List<FieldError> errors = new ArrayList<>(lineErrors);
        List<Registration> registrations = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                continue;
            }
            RegistrationParser.Result item = parser.parse(items.get(i));
            if (item.isValid()) {
                registrations.add(item.registration());
            } else {
                String prefix = "[" + i + "]";
                for (FieldError error : item.errors()) {
                    String field = error.field().isEmpty() ? prefix : prefix + "." + error.field();
                    errors.add(new FieldError(field, error.message()));
                }
            }
        }
        return errors.isEmpty() ? new Result(registrations, List.of()) : new Result(List.of(), errors);
    }

    private static Result errors(FieldError error) {
        return new Result(List.of(), List.of(error));
    }
}
