package io.logcast.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
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

    /** A version from Boot's dependency management (failsafe passes them). */
    private static String bootManaged(String library) {
        String version = System.getProperty("boot." + library + ".version");
        assertThat(version).as("system property boot.%s.version", library).isNotBlank();
        return version;
    }
}
