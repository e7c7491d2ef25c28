package io.logcast.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * What the service deploys: the appender with the logback, slf4j and amqp-client versions that
 * Boot's dependency management chooses, not those the appender was built with. These are the
 * versions {@link OrdersServiceIT} runs it on.
 */
class ExecutableJarIT {

    @Test
    void shipsTheAppenderWithLogbackSlf4jAndAmqpClientAtTheVersionsBootManages() throws IOException {
        List<String> libraries;
        try (JarFile jar = new JarFile(ServiceProcess.jar().toFile())) {
            libraries = jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("BOOT-INF/lib/"))
                    .map(name -> name.substring("BOOT-INF/lib/".length()))
                    .toList();
        }

        assertThat(libraries).filteredOn(name -> name.startsWith("logcast-appender-")).hasSize(1);
        assertThat(libraries).filteredOn(name -> name.matches("logback-(classic|core)-.*|slf4j-api-.*|amqp-client-.*"))
                .containsExactlyInAnyOrder(
                        "logback-classic-" + bootManaged("logback") + ".jar",
                        "logback-core-" + bootManaged("logback") + ".jar",
                        "slf4j-api-" + bootManaged("slf4j") + ".jar",
                        "amqp-client-" + bootManaged("amqp-client") + ".jar");
    }

    @Test
    void shipsTheAppenderThisBuildMade() throws IOException {
        Path built = Path.of(System.getProperty("logcast.appender.jar"));
        try (JarFile jar = new JarFile(ServiceProcess.jar().toFile())) {
            JarEntry shipped = jar.getJarEntry("BOOT-INF/lib/" + built.getFileName());
            assertThat(shipped).as("%s in the executable jar", built.getFileName()).isNotNull();
            try (InputStream in = jar.getInputStream(shipped)) {
                assertThat(sha256(in.readAllBytes())).as("the appender in the executable jar is %s", built)
                        .isEqualTo(sha256(Files.readAllBytes(built)));
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A version from Boot's dependency management (failsafe passes them). */
    private static String bootManaged(String library) {
        String version = System.getProperty("boot." + library + ".version");
        assertThat(version).as("system property boot.%s.version", library).isNotBlank();
        return version;
    }
}
