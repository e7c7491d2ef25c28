package io.logcast.collector.decode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time a text body starts with, as Logback's {@code %d} writes it ({@code 2026-12-03 08:44:07,955})
 * or in ISO 8601 ({@code 2026-12-03T08:44:07.955Z}): the only millisecond time of a text message from
 * Spring AMQP's AmqpAppender, whose {@code timestamp} property has whole seconds. A time without a zone
 * is the producer's local time: it is used only where the whole-second timestamp confirms it, since any
 * zone differs from UTC by whole minutes: then it adds its milliseconds to that second.
 */
final class LeadingTimestamp {

    private static final Pattern TIME = Pattern.compile(
            "^\\s*\\[?(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})[.,](\\d{3})(Z|[+-]\\d{2}:?\\d{2})?[\\s\\]]");
    private static final long MAX_ZONE_OFFSET_MILLIS = TimeUnit.HOURS.toMillis(18);
    private static final int MAX_PREFIX = 64;

    private LeadingTimestamp() {
    }

    /**
     * The epoch milliseconds {@code text} starts with, or null when it starts with no time, or with a
     * time without a zone that {@code wholeSecondMillis} (the timestamp property, or null) does not confirm.
     */
    static Long read(String text, Long wholeSecondMillis) {
        Matcher matcher = TIME.matcher(text.length() > MAX_PREFIX ? text.substring(0, MAX_PREFIX) : text);
        if (!matcher.find()) {
            return null;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(LocalDate.parse(matcher.group(1)), LocalTime.parse(matcher.group(2)));
        } catch (DateTimeException notATime) {
            return null;
        }
        int millis = Integer.parseInt(matcher.group(3));
        if (matcher.group(4) != null) {
            return local.toEpochSecond(ZoneOffset.of(matcher.group(4))) * 1000 + millis;
        }
        if (wholeSecondMillis == null) {
            return null;
        }
        long offset = local.toEpochSecond(ZoneOffset.UTC) * 1000 - wholeSecondMillis;
        if (offset % TimeUnit.MINUTES.toMillis(1) != 0 || Math.abs(offset) > MAX_ZONE_OFFSET_MILLIS) {
            return null;
        }
        return wholeSecondMillis + millis;
    }
}
