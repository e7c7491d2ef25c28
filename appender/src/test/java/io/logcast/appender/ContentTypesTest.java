package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.html.HTMLLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EchoEncoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

import org.junit.jupiter.api.Test;

class ContentTypesTest {

    private final RecordedStatus app = new RecordedStatus();

    @Test
    void logbacksJsonEncoderWritesJson() {
        assertThat(ContentTypes.declaredBy(new JsonEncoder())).isEqualTo("application/json");
    }

    @Test
    void aPatternEncoderThatNamesNoCharsetIsMadeToWriteUtf8AndSaysSo() {
        PatternLayoutEncoder text = app.pattern("%msg%n");
        ContentTypes.defaultToUtf8(text);

        assertThat(text.getCharset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(ContentTypes.declaredBy(text)).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void aPatternEncoderKeepsTheCharsetItNamesAndTheContentTypeStatesIt() {
        PatternLayoutEncoder text = app.pattern("%msg%n");
        text.setCharset(StandardCharsets.ISO_8859_1);
        ContentTypes.defaultToUtf8(text);

        assertThat(text.getCharset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(ContentTypes.declaredBy(text)).isEqualTo("text/plain; charset=iso-8859-1");
    }

    @Test
    void aLayoutEncoderTakesItsLayoutsContentType() {
        LayoutWrappingEncoder<ILoggingEvent> html = new LayoutWrappingEncoder<>();
        html.setLayout(new HTMLLayout());
        ContentTypes.defaultToUtf8(html);

        assertThat(ContentTypes.declaredBy(html)).isEqualTo("text/html; charset=utf-8");
    }

    @Test
    void anEncoderThatDeclaresNothingIsUnknownBytesWithAWarningUnlessTheContentTypeIsConfigured() {
        EchoEncoder<ILoggingEvent> echo = new EchoEncoder<>();

        assertThat(ContentTypes.declaredBy(echo)).isNull();
        assertThat(ContentTypes.choose(" application/json ", echo, app.reporter)).isEqualTo("application/json");
        assertThat(app.warnings()).isEmpty();
        assertThat(ContentTypes.choose(null, echo, app.reporter)).isEqualTo("application/octet-stream");
        assertThat(app.warnings()).containsExactly("RabbitMQAppender [unit]: the encoder ch.qos.logback.core.encoder.EchoEncoder does not"
                + " declare what it writes: messages are labelled 'application/octet-stream'; set <contentType> (application/json for a JSON encoder)");
    }

    @Test
    void jsonContentTypesAllowBatching() {
        assertThat(ContentTypes.isJson("application/json")).isTrue();
        assertThat(ContentTypes.isJson("Application/JSON; charset=utf-8")).isTrue();
        assertThat(ContentTypes.isJson("application/vnd.logstash+json")).isTrue();
        assertThat(ContentTypes.isJson("application/x-ndjson")).isTrue();
        assertThat(ContentTypes.isJson("text/plain; charset=utf-8")).isFalse();
    }
}
