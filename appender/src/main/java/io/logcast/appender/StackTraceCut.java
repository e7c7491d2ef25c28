package io.logcast.appender;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * The beginning of a stack trace within a number of bytes of its text, the text being what Logback
 * prints for it: each throwable's first line, its frames, its suppressed throwables, then its cause.
 * What comes after the cut goes; the top throwable's first line stays and ends with
 * {@code [truncated N bytes]}, N the bytes of text cut.
 */
final class StackTraceCut {

    private static final int CAUSE_PREFIX = "Caused by: ".length();
    private static final int SUPPRESSED_PREFIX = "\tSuppressed: ".length();

    private StackTraceCut() {
    }

    /** The bytes of text of {@code proxy}'s stack trace (UTF-8). */
    static long size(IThrowableProxy proxy) {
        Budget unlimited = new Budget(Long.MAX_VALUE);
        cut(proxy, 0, unlimited, true);
        return unlimited.used;
    }

    /** {@code proxy}, of {@link #size} {@code size}, cut to about {@code bytes} of its text; marked when anything was cut. */
    static IThrowableProxy keep(IThrowableProxy proxy, long size, long bytes) {
        Budget budget = new Budget(bytes);
        CutThrowable kept = cut(proxy, 0, budget, true);
        long removed = size - budget.used;
        return removed <= 0 ? proxy : kept.marked(Truncation.marker(removed));
    }

    private static final class Budget {
        final long limit;
        long used;
        boolean exhausted;

        Budget(long limit) {
            this.limit = limit;
        }

        /** Takes {@code bytes} when they fit; from the first piece that does not, nothing more is taken. */
        boolean take(long bytes) {
            if (exhausted || used + bytes > limit) {
                exhausted = true;
                return false;
            }
            used += bytes;
            return true;
        }
    }

    private static CutThrowable cut(IThrowableProxy proxy, int prefix, Budget budget, boolean top) {
        String className = proxy.getClassName() == null ? "null" : proxy.getClassName();
        long classBytes = prefix + Truncation.utf8Length(className) + 1;
        if (!budget.take(classBytes)) {
            if (!top) {
                return null;
            }
            budget.used += classBytes; // the top throwable's class always stays
        }
        String message = proxy.getMessage();
        if (message != null && !budget.exhausted) {
            long messageBytes = 2 + Truncation.utf8Length(message);
            if (!budget.take(messageBytes)) {
                long room = budget.limit - budget.used - 2;
                message = room > 0 ? Truncation.prefix(message, (int) Math.min(Integer.MAX_VALUE, room)) : "";
                budget.used += 2 + Truncation.utf8Length(message);
            }
        } else if (message != null) {
            message = "";
        }

        StackTraceElementProxy[] frames = proxy.getStackTraceElementProxyArray();
        frames = frames == null ? new StackTraceElementProxy[0] : frames;
        int common = proxy.getCommonFrames() < frames.length ? proxy.getCommonFrames() : 0;
        int visible = frames.length - common;
        int kept = 0;
        while (kept < visible && budget.take(Truncation.utf8Length(frames[kept].getSTEAsString()) + 2)) {
            kept++;
        }
        if (kept < visible) {
            frames = Arrays.copyOf(frames, kept);
            common = 0;
        }

        List<IThrowableProxy> suppressed = new ArrayList<>();
        IThrowableProxy[] allSuppressed = proxy.getSuppressed();
        for (int i = 0; allSuppressed != null && i < allSuppressed.length && !budget.exhausted; i++) {
            CutThrowable one = cut(allSuppressed[i], SUPPRESSED_PREFIX, budget, false);
            if (one != null) {
                suppressed.add(one);
            }
        }
        IThrowableProxy cause = null;
        if (proxy.getCause() != null && !budget.exhausted) {
            cause = cut(proxy.getCause(), CAUSE_PREFIX, budget, false);
        }
        return new CutThrowable(className, message, frames, common, cause,
                suppressed.toArray(new IThrowableProxy[0]), proxy.isCyclic());
    }

    /** A throwable as Logback's encoders and converters read it, holding only what was kept. */
    private static final class CutThrowable implements IThrowableProxy {
        private final String className;
        private final String message;
        private final StackTraceElementProxy[] frames;
        private final int commonFrames;
        private final IThrowableProxy cause;
        private final IThrowableProxy[] suppressed;
        private final boolean cyclic;

        CutThrowable(String className, String message, StackTraceElementProxy[] frames, int commonFrames, IThrowableProxy cause,
                IThrowableProxy[] suppressed, boolean cyclic) {
            this.className = className;
            this.message = message;
            this.frames = frames;
            this.commonFrames = commonFrames;
            this.cause = cause;
            this.suppressed = suppressed;
            this.cyclic = cyclic;
        }

        CutThrowable marked(String marker) {
            String marked = message == null || message.isEmpty() ? marker : message + " " + marker;
            return new CutThrowable(className, marked, frames, commonFrames, cause, suppressed, cyclic);
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public String getClassName() {
            return className;
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return frames;
        }

        @Override
        public int getCommonFrames() {
            return commonFrames;
        }

        @Override
        public IThrowableProxy getCause() {
            return cause;
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            return suppressed;
        }

        @Override
        public boolean isCyclic() {
            return cyclic;
        }
    }
}
