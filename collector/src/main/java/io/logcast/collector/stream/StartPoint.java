package io.logcast.collector.stream;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a daemon starts reading a stream ({@code --from}): the first message it holds, its last chunk,
 * the next message published, an offset, or a time. A time selects the events whose event time is at
 * or after it; the broker attaches at chunk granularity by its own write time, so the reader attaches
 * {@link #CLOCK_MARGIN} earlier (for producers whose clocks run ahead of the broker's) and drops what
 * is older.
 */
public final class StartPoint {

    /** How far before a time the reader attaches: events stamped by a clock this much ahead of the broker's are still found. */
    public static final Duration CLOCK_MARGIN = Duration.ofSeconds(60);

    private static final Pattern AGO = Pattern.compile("(?:\\d{1,9}[smhd])+");
    private static final Pattern AGO_PART = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Pattern OFFSET = Pattern.compile("\\d{1,18}");

    /** What a start point names. */
    public enum Kind {
        /** The first message the stream holds. */
        FIRST,
        /** The last chunk the broker wrote (RabbitMQ's {@code last}): a few of the latest messages. */
        LAST,
        /** The next message published. */
        NEXT,
        /** A stream offset. */
        OFFSET,
        /** An event time. */
        TIME
    }

    private final Kind kind;
    private final long offset;
    private final Instant time;
    private final String text;

    private StartPoint(Kind kind, long offset, Instant time, String text) {
        this.kind = kind;
        this.offset = offset;
        this.time = time;
        this.text = text;
    }

    public static StartPoint first() {
        return new StartPoint(Kind.FIRST, -1, null, "first");
    }

    public static StartPoint next() {
        return new StartPoint(Kind.NEXT, -1, null, "next");
    }

    public static StartPoint offset(long offset) {
        return new StartPoint(Kind.OFFSET, offset, null, Long.toString(offset));
    }

    /** The events at or after {@code time}. */
    public static StartPoint at(Instant time) {
        return new StartPoint(Kind.TIME, -1, time, time.toString());
    }

    /**
     * Reads {@code first}, {@code last}, {@code next}, an offset ({@code 12345}), a time with its zone
     * ({@code 2026-12-03T07:00:00Z}, {@code 2026-12-03T08:00:00+01:00}) or a duration ago ({@code 15m},
     * {@code 2h}, {@code 1d}, {@code 1h30m}; units s, m, h, d) from {@code now}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static StartPoint parse(String text, Instant now) {
        String trimmed = text.trim();
        switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "first":
                return first();
            case "last":
                return new StartPoint(Kind.LAST, -1, null, "last");
            case "next":
                return next();
            default:
                break;
        }
        if (OFFSET.matcher(trimmed).matches()) {
            return offset(Long.parseLong(trimmed));
        }
        if (AGO.matcher(trimmed).matches()) {
            return new StartPoint(Kind.TIME, -1, now.minus(ago(trimmed)), trimmed);
        }
        try {
            return new StartPoint(Kind.TIME, -1, OffsetDateTime.parse(trimmed).toInstant(), trimmed);
        } catch (DateTimeParseException notATime) {
            throw new IllegalArgumentException("must be first, last, next, an offset (12345), a time with its zone "
                    + "(2026-12-03T07:00:00Z) or a duration ago (15m, 2h, 1d), not '" + text + "'");
        }
    }

    private static Duration ago(String text) {
        Duration total = Duration.ZERO;
        Matcher part = AGO_PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            switch (part.group(2)) {
                case "s":
                    total = total.plusSeconds(amount);
                    break;
                case "m":
                    total = total.plusMinutes(amount);
                    break;
                case "h":
                    total = total.plusHours(amount);
                    break;
                default:
                    total = total.plusDays(amount);
                    break;
            }
        }
        return total;
    }

    public Kind kind() {
        return kind;
    }

    /** The offset of {@link Kind#OFFSET}; -1 otherwise. */
    public long offset() {
        return offset;
    }

    /** The earliest event time wanted ({@link Kind#TIME}), in epoch milliseconds; {@link Long#MIN_VALUE} otherwise. */
    public long notBeforeMillis() {
        return time == null ? Long.MIN_VALUE : time.toEpochMilli();
    }

    /**
     * The consumer argument {@code x-stream-offset}: {@code "first"}, {@code "last"}, {@code "next"}, the
     * offset, or, for a time, an AMQP timestamp {@link #CLOCK_MARGIN} earlier (AMQP timestamps are
     * whole seconds: rounded down).
     */
    public Object consumerArgument() {
        switch (kind) {
            case OFFSET:
                return offset;
            case TIME:
                long seconds = Math.floorDiv(time.minus(CLOCK_MARGIN).toEpochMilli(), 1000L);
                return new Date(Math.max(0, seconds) * 1000L);
            default:
                return text;
        }
    }

    /** For messages: {@code first}, {@code offset 1234}, {@code 15m ago (2026-12-03T06:45:00Z)}. */
    @Override
    public String toString() {
        switch (kind) {
            case OFFSET:
                return "offset " + offset;
            case TIME:
                Instant shown = time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                return AGO.matcher(text).matches() ? text + " ago (" + shown + ")" : shown.toString();
            default:
                return text;
        }
    }
}
