package babynames.events;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads and writes the event records as the JSON on the wire. */
public final class EventJson {
    private final JsonMapper mapper;

    public EventJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** A codec on Micronaut Serialization's default mapper, for code outside a bean context. */
    public static EventJson createDefault() {
        return new EventJson(JsonMapper.createDefault());
    }

    public byte[] write(Object event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + event.getClass().getSimpleName(), e);
        }
    }

    /** Reads a JSON array of values of one type. */
    public <T> List<T> readList(byte[] json, Class<T> type) throws IOException {
        return mapper.readValue(json, Argument.listOf(type));
    }

    /** Reads an event; throws {@link IOException} when the bytes are not that event's JSON. */
    public <T> T read(byte[] json, Class<T> type) throws IOException {
        return mapper.readValue(json, type);
    }
}
