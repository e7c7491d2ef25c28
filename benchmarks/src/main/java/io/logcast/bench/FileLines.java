package io.logcast.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Counts the lines written so far to a file that another process appends to. */
final class FileLines implements AutoCloseable {

    private final Path file;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 16);
    private FileChannel channel;
    private long lines;

    FileLines(Path file) {
        this.file = file;
    }

    /** Lines complete so far. */
    long count() throws IOException {
        if (channel == null) {
            if (!Files.exists(file)) {
                return 0;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        while (true) {
            chunk.clear();
            int read = channel.read(chunk);
            if (read <= 0) {
                return lines;
            }
            chunk.flip();
            while (chunk.hasRemaining()) {
                if (chunk.get() == '\n') {
                    lines++;
                }
            }
        }
    }

    /** Waits until the file has {@code target} lines, running {@code whileWaiting} about every 100 ms. */
    void awaitAtLeast(long target, long timeoutSeconds, Runnable whileWaiting) throws IOException, InterruptedException {
        awaitAtLeast(target, timeoutSeconds, whileWaiting, () -> true);
    }

    /**
     * Waits until the file has {@code target} lines, running {@code whileWaiting} about every 100 ms;
     * returns the {@link System#nanoTime()} at which {@code milestone} was first seen true (at the latest, now).
     */
    long awaitAtLeast(long target, long timeoutSeconds, Runnable whileWaiting, BooleanSupplier milestone)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long nextSample = 0;
        long milestoneAt = 0;
        while (count() < target) {
            long now = System.nanoTime();
            if (milestoneAt == 0 && milestone.getAsBoolean()) {
                milestoneAt = now;
            }
            if (now > deadline) {
                throw new IllegalStateException(file + " has " + lines + " lines, expected " + target + " within " + timeoutSeconds + " s");
            }
            if (now - nextSample >= 0) {
                whileWaiting.run();
                nextSample = now + 100_000_000L;
            }
            Thread.sleep(1);
        }
        return milestoneAt != 0 ? milestoneAt : System.nanoTime();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
