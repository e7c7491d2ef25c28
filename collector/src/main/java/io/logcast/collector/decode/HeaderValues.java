package io.logcast.collector.decode;

import com.rabbitmq.client.LongString;

/** Header values read leniently: a value of the wrong type is absent ({@code null}), never an error. */
final class HeaderValues {

    private HeaderValues() {
    }

    /** A non-blank string header, else null. */
    static String text(Object value) {
        if (value instanceof LongString || value instanceof String) {
            String text = value.toString();
            return text.isBlank() ? null : text;
        }
        return null;
    }

    /** An integral header, else null. */
    static Long number(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return null;
    }
}
