package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.NameRules;
import babynames.testsupport.BackingServices;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a client sends, POST /baby never answers 5xx: it either normalises the name to a valid
 * one and accepts it (202), or refuses with a problem (4xx). Runs against a real broker.
 */
class IntakePropertiesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ApplicationContext app;
    private static String url;

    @BeforeContainer
    static void start() {
        EmbeddedServer server = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "babynames.kafka.bootstrap-servers",
                        BackingServices.shared().kafkaBootstrapServers(),
                        "micronaut.server.port",
                        "-1"));
        app = server.getApplicationContext();
        url = server.getURL() + "/baby";
    }

    @AfterContainer
    static void stop() {
        app.close();
    }

    @Property(tries = 300)
    void anyBodyIsAcceptedOrRefusedWithAProblemNeverAServerError(@ForAll("bodies") String body) throws Exception {
        HttpResponse<String> response = post(body);

        assertTrue(
                response.statusCode() == 202 || (response.statusCode() >= 400 && response.statusCode() < 500),
                response.statusCode() + " " + response.body());
        if (response.statusCode() != 202) {
            assertEquals(
                    "application/problem+json",
                    response.headers().firstValue("Content-Type").orElse(""));
        }
    }

    @Property(tries = 200)
    void anyBatchIsAcceptedOrRefusedWithAProblemNeverAServerError(@ForAll("bodies") String item, @ForAll boolean ndjson)
            throws Exception {
        String body = ndjson ? item + "\n" + item : "[" + item + "," + item + "]";

        HttpResponse<String> response =
                send(url.replace("/baby", "/babies"), ndjson ? "application/x-ndjson" : "application/json", body);

        assertTrue(
                response.statusCode() == 202 || (response.statusCode() >= 400 && response.statusCode() < 500),
                response.statusCode() + " " + response.body());
    }

    @Property(tries = 300)
    void aNameIsAcceptedExactlyWhenItsNormalFormIsValid(@ForAll("names") String name, @ForAll("sexes") String sex)
            throws Exception {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("name", name);
        registration.put("sex", sex);

        HttpResponse<String> response = post(JsonMapper.createDefault().writeValueAsString(registration));

        boolean valid = NameRules.isValid(NameRules.normalise(name)) && (sex.equals("male") || sex.equals("female"));
        assertEquals(valid ? 202 : 400, response.statusCode(), response.body());
        if (valid) {
            String expected = JsonMapper.createDefault().writeValueAsString(NameRules.normalise(name));
            assertTrue(response.body().contains("\"name\":" + expected), response.body());
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> anyText = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> jsonValue = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(70).map(IntakePropertiesIT::quote),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("null", "true", "[]", "{}", "[\"OLIVER\"]", "{\"a\":1}", "1e400", "-0"));
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.of("name", "sex", "Name", "extra", ""), jsonValue)
                .ofMaxSize(4)
                .map(fields -> {
                    StringBuilder json = new StringBuilder("{");
                    fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                            .append(quote(k))
                            .append(':')
                            .append(v));
                    return json.append('}').toString();
                });
        return Arbitraries.oneOf(anyText, object, jsonValue);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> likely = Arbitraries.strings()
                .withChars("abcxyzÉéßŁ'- ")
                .withCharRange('A', 'Z')
                .ofMinLength(0)
                .ofMaxLength(70);
        return Arbitraries.oneOf(
                likely, Arbitraries.strings().ofMaxLength(70), Arbitraries.of("ELLA-ROSE", "o'shea", "LILY-"));
    }

    @Provide
    Arbitrary<String> sexes() {
        return Arbitraries.oneOf(Arbitraries.of("male", "female"), Arbitraries.of("Male", "", "x", "females"));
    }

    private static String quote(String text) {
        try {
            return JsonMapper.createDefault().writeValueAsString(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return send(url, "application/json", body);
    }

    private static HttpResponse<String> send(String target, String contentType, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(target))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
