package babynames.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/asyncapi.yaml} is the event contract for people and tools; the records in this module
 * are the contract for the code. This test keeps the two the same: the document is valid AsyncAPI
 * 3.0, every golden JSON and every record the code writes is valid by the document's schemas (which
 * refuse unknown fields), each schema names exactly its record's fields, and topics, keys, headers
 * and compaction agree with {@link Topics}, {@link EventHeaders} and {@link TopicSetup}.
 */
class AsyncApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOCUMENT = readDocument();
    private static final SchemaRegistry DRAFT_7 = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<String, Class<? extends Record>> RECORDS = Map.of(
            "BabyRegistered", BabyRegistered.class,
            "Top10Changed", Top10Changed.class,
            "RankedName", RankedName.class);

    private final EventJson events = EventJson.createDefault();

    @Test
    void theDocumentIsValidAsyncApi3() throws IOException {
        // The official JSON Schema of AsyncAPI 3.0.0 (asyncapi/spec-json-schemas, Apache-2.0), with
        // its references local so that nothing is fetched.
        Schema asyncApi;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            asyncApi = DRAFT_7.getSchema(JSON.readTree(in));
        }

        assertNoErrors("docs/asyncapi.yaml", asyncApi.validate(DOCUMENT));
    }

    @Test
    void everyGoldenJsonIsValidByItsMessageSchema() throws IOException {
        assertValid("BabyRegistered", golden("baby-registered.json"));
        assertValid("Top10Changed", golden("top10-changed.json"));
    }

    @Test
    void whatTheCodeWritesIsValidByTheDocument() throws IOException {
        String longest = "A" + "-B".repeat((NameRules.MAX_LENGTH - 1) / 2);
        List<RankedName> fullTop10 = IntStream.rangeClosed(1, 10)
                .mapToObj(rank -> new RankedName(rank, "NAME " + (char) ('A' + rank), 11 - rank))
                .toList();

        for (String name : List.of("ZOË", "O'NEILL", "LILY-", "MARY ANN", "محمد", longest)) {
            for (Sex sex : Sex.values()) {
                assertValid(
                        "BabyRegistered", events.write(BabyRegistered.of(UUID.randomUUID(), name, sex, Instant.now())));
            }
        }
        assertValid("Top10Changed", events.write(Top10Changed.of(Sex.FEMALE, 1, fullTop10, Instant.now(), "rebuild")));
        assertValid("Top10Changed", events.write(Top10Changed.of(Sex.MALE, 7, List.of(), Instant.EPOCH, "x")));
    }

    @Test
    void theDocumentsExamplesAreWhatTheCodeReadsAndWrites() throws IOException {
        for (String message : List.of("BabyRegistered", "Top10Changed")) {
            JsonNode definition = DOCUMENT.at("/components/messages/" + message);
            assertTrue(definition.path("examples").size() > 0, message + " has examples");
            for (JsonNode example : definition.path("examples")) {
                byte[] payload = JSON.writeValueAsBytes(example.path("payload"));
                assertValid(message, payload);
                assertNoErrors(
                        message + " example headers",
                        schema(definition.path("headers")).validate(example.path("headers")));
                assertEquals(message, example.at("/headers/event-type").asText());

                Object event = events.read(payload, RECORDS.get(message));
                assertEquals(JSON.readTree(payload), JSON.readTree(events.write(event)), message + " round trip");
            }
        }
    }

    /** A field added to a record but not to the document (or the other way round) fails here. */
    @Test
    void eachSchemaNamesExactlyItsRecordsFieldsAllRequired() {
        RECORDS.forEach((name, type) -> {
            JsonNode schema = DOCUMENT.at("/components/schemas/" + name);
            Set<String> fields = new LinkedHashSet<>();
            Arrays.stream(type.getRecordComponents()).forEach(c -> fields.add(c.getName()));

            assertEquals(fields, fieldNames(schema.path("properties")), name + " properties");
            assertEquals(fields, textValues(schema.path("required")), name + " required");
            assertTrue(
                    schema.path("additionalProperties").isBoolean()
                            && !schema.path("additionalProperties").asBoolean(),
                    name + " refuses unknown fields");
        });
    }

    @Test
    void topicsKeysHeadersAndCompactionAgreeWithTheCode() {
        assertEquals(
                Set.of(Topics.BABY_REGISTRATIONS, Topics.BABY_REGISTRATIONS_DLQ, Topics.TOP10_CHANGED),
                textValues(DOCUMENT.path("channels").findValues("address")));
        assertEquals(
                Topics.TOP10_CHANGED,
                DOCUMENT.at("/channels/top10Changed/address").asText());

        Map<String, String> compaction = new TreeMap<>();
        DOCUMENT.at("/channels/top10Changed/bindings/kafka/topicConfiguration")
                .fields()
                .forEachRemaining(e -> {
                    JsonNode value = e.getValue();
                    compaction.put(e.getKey(), value.isArray() ? String.join(",", textValues(value)) : value.asText());
                });
        assertEquals(new TreeMap<>(TopicSetup.TOP10_CHANGED_CONFIG), compaction);

        JsonNode headers = DOCUMENT.at("/components/schemas/EventHeaders");
        assertEquals(
                Set.of(EventHeaders.CORRELATION_ID, EventHeaders.EVENT_TYPE), textValues(headers.path("required")));
        assertEquals(
                Set.of(BabyRegistered.EVENT_TYPE, Top10Changed.EVENT_TYPE),
                textValues(headers.at("/properties/event-type/enum")));
        assertEquals(
                Set.of(EventHeaders.DLQ_REASON, EventHeaders.DLQ_SOURCE),
                textValues(DOCUMENT.at("/components/schemas/DeadLetterHeaders/required")));
        assertEquals(
                "/" + EventHeaders.CORRELATION_ID,
                DOCUMENT.at("/components/correlationIds/FromHeader/location")
                        .asText()
                        .replace("$message.header#", ""));

        Schema registrationKey = schema(DOCUMENT.at("/components/messages/BabyRegistered/bindings/kafka/key"));
        Schema top10Key = schema(DOCUMENT.at("/components/messages/Top10Changed/bindings/kafka/key"));
        for (Sex sex : Sex.values()) {
            String key = BabyRegistered.of(UUID.randomUUID(), "ELLA-ROSE", sex, Instant.EPOCH)
                    .key();
            assertNoErrors("key " + key, registrationKey.validate(JSON.valueToTree(key)));
            assertNoErrors("key " + sex.wireName(), top10Key.validate(JSON.valueToTree(sex.wireName())));
        }
    }

    private void assertValid(String message, byte[] json) throws IOException {
        Schema payload = schema(DOCUMENT.at("/components/messages/" + message + "/payload"));
        assertNoErrors(
                message + " " + new String(json, java.nio.charset.StandardCharsets.UTF_8),
                payload.validate(JSON.readTree(json)));
    }

    /** A schema of the document, with its {@code #/components/...} references resolvable. */
    private static Schema schema(JsonNode node) {
        ObjectNode standalone = node.deepCopy();
        standalone.set("components", DOCUMENT.path("components"));
        return DRAFT_7.getSchema(standalone);
    }

    private static void assertNoErrors(String what, List<Error> errors) {
        assertTrue(errors.isEmpty(), what + " is invalid: " + errors);
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> textValues(Iterable<JsonNode> nodes) {
        Set<String> values = new LinkedHashSet<>();
        nodes.forEach(n -> values.add(n.asText()));
        return values;
    }

    private static byte[] golden(String file) throws IOException {
        try (InputStream in = AsyncApiContractTest.class.getResourceAsStream("/golden/" + file)) {
            return in.readAllBytes();
        }
    }

    private static JsonNode readDocument() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/asyncapi.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "No docs/asyncapi.yaml above " + Path.of("").toAbsolutePath());
        }
        try {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(dir.resolve("docs/asyncapi.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
