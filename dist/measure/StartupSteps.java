import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One step of the collectors' start-up, timed alone in a fresh JVM: the CPU of the main thread and
 * the wall time it takes. Run from the repository root, with the collector's jar:
 *
 * <pre>
 * java -XX:+UseSerialGC -Xms16m -Xmx128m -cp collector/target/logcast-collector.jar dist/measure/StartupSteps.java tls|logback|jackson
 * </pre>
 *
 * tls: the JDK's trust store and an SSLContext, as the collector builds them for an amqps:// URI;
 * logback: the first SLF4J logger, which configures Logback (the collector's DiagnosticsConfigurator);
 * jackson: an ObjectMapper and its first parse.
 */
public class StartupSteps {

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        switch (args[0]) {
            case "tls":
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init((java.security.KeyStore) null);
                SSLContext.getInstance("TLS").init(null, trust.getTrustManagers(), null);
                break;
            case "logback":
                org.slf4j.LoggerFactory.getLogger(StartupSteps.class).debug("configured");
                break;
            case "jackson":
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"message\":\"first\"}");
                break;
            default:
                throw new IllegalArgumentException("tls, logback or jackson, not " + args[0]);
        }
        System.out.printf("%s: %d ms of main-thread CPU, %d ms wall%n", args[0],
                (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000, (System.nanoTime() - wall) / 1_000_000);
    }
}
