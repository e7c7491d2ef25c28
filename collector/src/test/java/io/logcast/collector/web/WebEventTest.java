package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

import io.logcast.collector.account.Gap;

import org.junit.jupiter.api.Test;

class WebEventTest {

    @Test
    void longTextsAreCutWithAVisibleNoteOfWhatWasCut() {
        assertThat(WebEvent.limit("abcdef", 6)).isEqualTo("abcdef");
        assertThat(WebEvent.limit("abcdefgh", 6)).isEqualTo("abcdef [cut: 2 more characters]");
        // a surrogate pair is never split
        assertThat(WebEvent.limit("abcde\uD83D\uDE00xy", 6)).isEqualTo("abcde [cut: 4 more characters]");
        assertThat(WebEvent.limit(null, 6)).isEmpty();
    }

    @Test
    void anEventKeepsItsFieldsItsMdcAndItsExceptionChainAndIsOneLineOfJson() {
        LoggerContext context = new LoggerContext();
        context.putProperty("ignored", "x");
        IllegalStateException failure = new IllegalStateException("cannot ship\norder 7", new java.io.IOException("disk full"));
        LoggingEvent event = new LoggingEvent("com.shop.Orders", context.getLogger("com.shop.Orders"), Level.ERROR,
                "order {} failed", failure, new Object[] {7});
        event.setThreadName("worker-1");
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("requestId", "req-1");
        event.setMDCPropertyMap(mdc);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("amount", 54.67));

        WebEvent web = WebEvent.of(event);
        assertThat(web.level()).isEqualTo("ERROR");
        assertThat(web.logger()).isEqualTo("com.shop.Orders");
        assertThat(web.thread()).isEqualTo("worker-1");
        assertThat(web.message()).isEqualTo("order 7 failed");
        assertThat(web.app()).isEqualTo("-");
        assertThat(web.mdc()).containsExactly(Map.entry("requestId", "req-1"));
        assertThat(web.keyValues()).containsExactly(Map.entry("amount", "54.67"));
        assertThat(web.exceptionChain()).containsExactly("java.lang.IllegalStateException: cannot ship\norder 7",
                "java.io.IOException: disk full");
        assertThat(web.exceptionTrace()).startsWith("java.lang.IllegalStateException: cannot ship\norder 7\n\tat ")
                .contains("Caused by: java.io.IOException: disk full");

        String json = new String(FeedJson.of(3, web), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\n").startsWith("{\"id\":3,\"kind\":\"event\",\"time\":" + event.getTimeStamp()
                + ",\"level\":\"ERROR\",\"app\":\"-\",\"host\":\"-\",\"thread\":\"worker-1\",\"logger\":\"com.shop.Orders\","
                + "\"message\":\"order 7 failed\",\"mdc\":{\"requestId\":\"req-1\"},\"kv\":{\"amount\":\"54.67\"},"
                + "\"exception\":{\"chain\":[\"java.lang.IllegalStateException: cannot ship\\norder 7\",\"java.io.IOException: disk full\"],"
                + "\"trace\":\"java.lang.IllegalStateException: cannot ship\\norder 7\\n\\tat ");
    }

    @Test
    void aMarkerIsOneLineOfJsonWithItsKindTextAndCount() {
        String json = new String(FeedJson.of(9, Marker.gap(1234, new Gap("p-1", "shop", 10, 21))), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"id\":9,\"kind\":\"gap\",\"time\":1234,"
                + "\"text\":\"producer p-1 (app shop): 12 events missing (seq 10..21)\",\"count\":12}");
    }
}
