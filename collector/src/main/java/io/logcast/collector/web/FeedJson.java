package io.logcast.collector.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The JSON of a feed item, as the page and {@code /api/events} receive it. Jackson escapes every
 * control character, so one item is one line (what a Server-Sent Events {@code data:} line needs).
 */
final class FeedJson {

    private static final JsonFactory JSON = new JsonFactory();

    private FeedJson() {
    }

    static byte[] of(long id, FeedItem item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            if (id > 0) {
                json.writeNumberField("id", id);
            }
            if (item instanceof WebEvent event) {
                writeEvent(json, event);
            } else if (item instanceof Marker marker) {
                json.writeStringField("kind", marker.kind());
                json.writeNumberField("time", marker.time());
                json.writeStringField("text", marker.text());
                json.writeNumberField("count", marker.count());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeEvent(JsonGenerator json, WebEvent event) throws IOException {
        json.writeStringField("kind", "event");
        json.writeNumberField("time", event.time());
        json.writeStringField("level", event.level());
        json.writeStringField("app", event.app());
        json.writeStringField("host", event.host());
        json.writeStringField("thread", event.thread());
        json.writeStringField("logger", event.logger());
        json.writeStringField("message", event.message());
        writeMap(json, "mdc", event.mdc());
        writeMap(json, "kv", event.keyValues());
        if (event.exceptionTrace() != null) {
            json.writeObjectFieldStart("exception");
            json.writeArrayFieldStart("chain");
            for (String cause : event.exceptionChain()) {
                json.writeString(cause);
            }
            json.writeEndArray();
            json.writeStringField("trace", event.exceptionTrace());
            json.writeEndObject();
        }
    }

    private static void writeMap(JsonGenerator json, String name, Map<String, String> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
