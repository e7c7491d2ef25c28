package io.logcast.collector.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which feed items a reader wants: the filters of the page and of {@code GET /api/events}. An event
 * passes when its level is at least {@code level}, its application is {@code app}, its logger starts
 * with {@code logger} and {@code q} occurs, ignoring case, in its message, logger, thread, application,
 * host, MDC, key/values or stack trace. Markers pass every filter but time: they say where events may
 * be missing. The page's script applies the same rules.
 *
 * @param from  items at or after this time (epoch ms); 0 for all
 * @param after items numbered after this id; 0 for all
 * @param limit at most this many, the newest
 */
record EventQuery(long from, long after, String level, String app, String logger, String text, int limit) {

    /** The levels in order of severity, as Logback names them. */
    static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Map<String, Long> UNIT_MILLIS = Map.of("s", 1_000L, "m", 60_000L, "h", 3_600_000L, "d", 86_400_000L);

    /**
     * Reads the query parameters {@code from} (an ISO-8601 instant, epoch milliseconds, or a duration
     * ago: {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}), {@code after}, {@code level}, {@code app},
     * {@code logger}, {@code q} and {@code limit} (default and maximum {@code maxLimit}).
     *
     * @throws IllegalArgumentException naming the parameter and what it must be
     */
    static EventQuery parse(Function<String, String> parameter, long nowMillis, int maxLimit) {
        String level = blankToNull(parameter.apply("level"));
        if (level != null) {
            level = level.toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw new IllegalArgumentException("level must be one of TRACE, DEBUG, INFO, WARN, ERROR");
            }
        }
        String text = blankToNull(parameter.apply("q"));
        return new EventQuery(from(blankToNull(parameter.apply("from")), nowMillis),
                number(parameter.apply("after"), "after", 0, Long.MAX_VALUE, 0),
                level, blankToNull(parameter.apply("app")), blankToNull(parameter.apply("logger")),
                text == null ? null : text.toLowerCase(Locale.ROOT),
                (int) number(parameter.apply("limit"), "limit", 1, maxLimit, maxLimit));
    }

    private static long from(String value, long nowMillis) {
        if (value == null) {
            return 0;
        }
        Matcher duration = DURATION.matcher(value);
        if (duration.matches()) {
            return nowMillis - Long.parseLong(duration.group(1)) * UNIT_MILLIS.get(duration.group(2));
        }
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 18) {
            return Long.parseLong(value);
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("from must be a time (2026-01-31T07:00:00Z), epoch milliseconds "
                    + "or a duration ago (30s, 15m, 2h, 1d)");
        }
    }

    private static long number(String value, String name, long min, long max, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    boolean matches(FeedEntry entry) {
        if (entry.id() <= after || entry.item().time() < from) {
            return false;
        }
        if (!(entry.item() instanceof WebEvent event)) {
            return true;
        }
        return (level == null || LEVELS.indexOf(event.level()) >= LEVELS.indexOf(level))
                && (app == null || app.equals(event.app()))
                && (logger == null || event.logger().startsWith(logger))
                && (text == null || contains(event));
    }

    private boolean contains(WebEvent event) {
        return has(event.message()) || has(event.logger()) || has(event.thread()) || has(event.app()) || has(event.host())
                || has(event.mdc()) || has(event.keyValues()) || (event.exceptionTrace() != null && has(event.exceptionTrace()));
    }

    private boolean has(Map<String, String> entries) {
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (has(entry.getKey()) || has(entry.getValue())) {
                return true;
            }
        }
        return false;
    }

    private boolean has(String field) {
        return field.toLowerCase(Locale.ROOT).contains(text);
    }
}
