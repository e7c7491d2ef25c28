package io.logcast.collector.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiagnosticsConfiguratorTest {

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream systemErr;
    private String configurationFile;

    @BeforeEach
    void captureStderr() {
        systemErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        // the test JVM names its own logback-test.xml; the daemon's JVM names none
        configurationFile = System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
    }

    @AfterEach
    void restore() {
        System.setErr(systemErr);
        if (configurationFile != null) {
            System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, configurationFile);
        }
    }

    @Test
    void warningsAndAboveGoToStderrAsOneLineEachAnExceptionAsItsClassAndEscapedMessage() {
        LoggerContext context = configured();
        Logger logger = context.getLogger("com.rabbitmq.client.impl.ForgivingExceptionHandler");
        logger.info("not shown");
        logger.warn("An unexpected connection driver error occurred");
        logger.error("Consumer threw an exception", new OutOfMemoryError("Java heap space"));
        logger.error("closed", new IllegalStateException("reason \u001b[2J from a peer"));
        context.getLogger("com.rabbitmq.client.impl.SocketFrameHandler").error("TLS handshake failed");
        context.stop();

        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(
                "logcast-collector: WARN com.rabbitmq.client.impl.ForgivingExceptionHandler - An unexpected connection driver error occurred\n"
                + "logcast-collector: ERROR com.rabbitmq.client.impl.ForgivingExceptionHandler - Consumer threw an exception "
                + "(java.lang.OutOfMemoryError: Java heap space)\n"
                + "logcast-collector: ERROR com.rabbitmq.client.impl.ForgivingExceptionHandler - closed "
                + "(java.lang.IllegalStateException: reason \\x1B[2J from a peer)\n");
    }

    @Test
    void aLogbackConfigurationFileWinsAsLogbackDocumentsIt() {
        System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, "elsewhere.xml");
        try {
            LoggerContext context = new LoggerContext();
            DiagnosticsConfigurator configurator = new DiagnosticsConfigurator();
            configurator.setContext(context);
            assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
        }
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        // as Logback's own initialisation gives it, before any configurator
        context.setMDCAdapter(new LogbackMDCAdapter());
        DiagnosticsConfigurator configurator = new DiagnosticsConfigurator();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }
}
