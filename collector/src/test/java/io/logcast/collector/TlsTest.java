package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.logcast.core.WireContract;
import io.logcast.broker.EmbeddedBroker;
import io.logcast.test.Queues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS end to end, against a broker with a TLS listener that this test sets up: the embedded Qpid
 * Broker-J with an AMQPS port whose certificate, for {@code localhost}, is signed by a CA made here
 * with {@code keytool}. Verification is on everywhere (certificate chain and host name).
 */
class TlsTest {

    private static final String STORE_PASSWORD = "Tls-" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void theAppenderAndTheDaemonsDeliverOverTlsWithTheRightCaAndFailWithAClearErrorWithAWrongOne(@TempDir Path dir) throws Exception {
        Path server = dir.resolve("server.p12");
        Path trusted = dir.resolve("trust.p12");
        Path untrusted = dir.resolve("wrong-trust.p12");
        makeCertificates(dir, server, trusted, untrusted);
        Path file = dir.resolve("logcast.log");
        String exchange = Queues.uniqueExchange(WireContract.DEFAULT_EXCHANGE);
        try (EmbeddedBroker broker = EmbeddedBroker.startWithTls(server, STORE_PASSWORD)) {
            String uri = "amqps://guest:guest@localhost:" + broker.tlsPort() + "/%2F";
            try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", uri, "--exchange", exchange, "--file", file.toString(),
                    "--pattern", "%msg%n", "--trust-store", trusted.toString(), "--trust-store-password", STORE_PASSWORD);
                 DaemonProcess console = DaemonProcess.start("console", "--uri", uri, "--exchange", exchange, "--pattern", "%msg%n",
                         "--max-queue-length", "0", "--trust-store", trusted.toString(), "--trust-store-password", STORE_PASSWORD);
                 DaemonProcess wrongCa = DaemonProcess.start("disk", "--uri", uri, "--exchange", exchange,
                         "--file", dir.resolve("never.log").toString(), "--trust-store", untrusted.toString(),
                         "--trust-store-password", STORE_PASSWORD)) {
                disk.awaitConsuming();
                console.awaitConsuming();
                String refusal = wrongCa.awaitStderr("cannot connect to ", Duration.ofSeconds(30));
                assertThat(refusal).startsWith("logcast-collector: cannot connect to amqps://guest:****@localhost:" + broker.tlsPort())
                        .contains("unable to find valid certification path to requested target");

                List<String> statuses = new ArrayList<>();
                try (TrafficApplication app = new TrafficApplication("shop", uri, exchange, false, appender -> {
                         appender.setTrustStore(trusted.toString());
                         appender.setTrustStorePassword(STORE_PASSWORD);
                     });
                     TrafficApplication wrong = new TrafficApplication("wrong", uri, exchange, false, appender -> {
                         appender.setTrustStore(untrusted.toString());
                         appender.setTrustStorePassword(STORE_PASSWORD);
                         appender.setShutdownGracePeriod(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
                     })) {
                    app.log(1, 100);
                    wrong.log(1, 5);
                    assertThat(FileTally.awaitDistinct(file, 100, Duration.ofSeconds(60)).distinct()).isEqualTo(100);
                    console.awaitStdout("shop 100\n", 1, Duration.ofSeconds(30));
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                            assertThat(wrong.statusText()).contains("unable to find valid certification path to requested target"));
                    assertThat(wrong.appender.getConfirmedCount()).isZero();
                    statuses.add(app.statusText());
                    statuses.add(wrong.statusText());
                }
                assertThat(FileTally.of(file).lines).isEqualTo(100);
                assertThat(wrongCa.isAlive()).as("a TLS failure is retried, like any connection failure").isTrue();
                assertThat(wrongCa.stderrLines()).as(wrongCa.stderr()).allMatch(line -> line.startsWith("logcast-collector: "));
                for (DaemonProcess daemon : List.of(disk, console, wrongCa)) {
                    daemon.terminate();
                    assertThat(daemon.awaitExit(Duration.ofSeconds(30))).isZero();
                    statuses.add(daemon.stdout());
                    statuses.add(daemon.stderr());
                }
                assertThat(String.join("\n", statuses)).doesNotContain(STORE_PASSWORD);
            }
        }
    }

    /** A CA, a server certificate for localhost signed by it, a trust store with it, and one with another CA. */
    private static void makeCertificates(Path dir, Path server, Path trusted, Path untrusted) throws Exception {
        Path ca = dir.resolve("ca.p12");
        Path otherCa = dir.resolve("other-ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=logcast test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=some other CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", otherCa.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", dir.resolve("ca.crt").toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", otherCa.toString(), "-file", dir.resolve("other-ca.crt").toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", server.toString());
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", dir.resolve("server.csr").toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", dir.resolve("server.csr").toString(),
                "-outfile", dir.resolve("server.crt").toString(), "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", server.toString(), "-file", dir.resolve("ca.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-keystore", server.toString(), "-file", dir.resolve("server.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", trusted.toString(), "-file", dir.resolve("ca.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", untrusted.toString(), "-file", dir.resolve("other-ca.crt").toString());
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
