package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logcast.collector.DaemonProcess;

/** A {@code web} daemon run for real, as its own JVM, on a free port, with a plain HTTP client for it. */
final class WebDaemon implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("web view at (http://\\S+/)");

    final DaemonProcess process;
    final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebDaemon(DaemonProcess process) {
        this.process = process;
        Matcher serving = SERVING.matcher(process.awaitStderr(SERVING.pattern(), Duration.ofSeconds(30)));
        serving.find();
        this.url = serving.group(1);
        process.awaitConsuming();
    }

    /** Starts {@code web --port 0} on the exchange with these further options, and waits until it consumes. */
    static WebDaemon start(String uri, String exchange, String... options) throws IOException {
        return start(List.of(), uri, exchange, options);
    }

    static WebDaemon start(List<String> jvmOptions, String uri, String exchange, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("web", "--uri", uri, "--exchange", exchange, "--port", "0"));
        args.addAll(List.of(options));
        return new WebDaemon(DaemonProcess.startWithJvmOptions(jvmOptions, args.toArray(String[]::new)));
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url).resolve(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample of {@code GET /metrics}, e.g. {@code metric("logcast_events_total{level=\"INFO\"}")}. */
    long metric(String sample, String... headers) throws IOException, InterruptedException {
        for (String line : get("/metrics", headers).body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Long.parseLong(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError("no sample " + sample + " in /metrics");
    }

    /** The sum of {@code logcast_events_total} over the levels. */
    long events(String... headers) throws IOException, InterruptedException {
        long total = 0;
        for (String level : EventQuery.LEVELS) {
            total += metric("logcast_events_total{level=\"" + level + "\"}", headers);
        }
        return total;
    }

    /** Waits until the daemon has shown {@code count} events; a timeout says what it printed. */
    void awaitEvents(long count) {
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(events())
                .as("events shown; the daemon's stderr:%n%s", process.stderr()).isEqualTo(count));
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
