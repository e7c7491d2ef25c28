package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Selenium through the system's chromedriver (Debian's {@code chromium}
 * and {@code chromium-driver}): Selenium Manager is never asked to find or download anything. Where
 * they are absent the browser tests are skipped, unless {@code LOGCAST_TEST_BROWSER=required} (CI),
 * where that is a failure.
 */
final class Browser implements AutoCloseable {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh headless browser with a profile of its own; skips the test where there is none. */
    static Browser open() throws IOException {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!present && "required".equals(System.getenv("LOGCAST_TEST_BROWSER"))) {
            throw new AssertionError("LOGCAST_TEST_BROWSER=required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "no headless browser: " + CHROMIUM + " and " + CHROMEDRIVER
                + " are needed (apt-get install -y chromium chromium-driver)");
        Path profile = Files.createTempDirectory("logcast-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,900", "--user-data-dir=" + profile));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().withSilent(true).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    /** Each row of the page: level, app, host, thread, logger, message, MDC and key/values, exception summary; or a marker's text. */
    private static final String ROWS = "return Array.from(document.querySelectorAll('#rows > .row')).map(r => r.classList.contains('marker')"
            + " ? ['marker', r.className, r.textContent]"
            + " : [r.querySelector('.level').textContent, r.querySelector('.app').textContent, r.querySelector('.host').textContent,"
            + "    r.querySelector('.thread').textContent, r.querySelector('.logger').textContent, r.querySelector('.text').textContent,"
            + "    (r.querySelector('.kv') || {textContent: ''}).textContent, (r.querySelector('summary') || {textContent: ''}).textContent])";

    @SuppressWarnings("unchecked")
    List<List<Object>> rows() {
        return (List<List<Object>>) script(ROWS);
    }

    void awaitRows(int count) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows()).hasSize(count));
    }

    /** The message of each event row shown. */
    @SuppressWarnings("unchecked")
    List<String> messages() {
        return (List<String>) script("return Array.from(document.querySelectorAll('#rows > .row.event .text'), e => e.textContent)");
    }

    /** The visible text of the first element the CSS selector finds. */
    String text(String selector) {
        return driver.findElement(By.cssSelector(selector)).getText();
    }

    /** Clicks as a person would, with the element in the middle of the view (not under the sticky column heads). */
    void click(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    long number(String script, Object... arguments) {
        return ((Number) script(script, arguments)).longValue();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
