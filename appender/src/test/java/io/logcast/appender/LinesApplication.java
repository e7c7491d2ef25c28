package io.logcast.appender;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application for tests that run one in its own JVM ({@link ApplicationJvm}): configures Logback
 * from {@code -Dlogback.configurationFile}, logs each line of the UTF-8 file named by its argument
 * at INFO (read from a file: the command line would be decoded in the platform's charset), and
 * returns from main; the shutdown hook in its logback.xml stops the appender.
 */
public final class LinesApplication {

    private LinesApplication() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("default-charset=" + Charset.defaultCharset().name());
        System.out.println("netty=" + (onClasspath("io.netty.channel.Channel") ? "present" : "absent"));
        Logger log = LoggerFactory.getLogger("app.lines");
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            log.info(line);
        }
        System.out.println("logged");
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, LinesApplication.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
