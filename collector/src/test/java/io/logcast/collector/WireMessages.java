package io.logcast.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

import io.logcast.core.WireContract;

/**
 * Messages exactly as the wire contract says the appender publishes them: Logback JsonEncoder bodies
 * (formatted message on), the contract's properties and headers, {@code <producer>-<seq>} ids.
 */
public final class WireMessages {

    final String application;
    final String host;
    public final String producer = UUID.randomUUID().toString();
    private final LoggerContext context = new LoggerContext();
    private final JsonEncoder encoder = new JsonEncoder();
    private long seq;

    public WireMessages(String application, String host) {
        this.application = application;
        this.host = host;
        context.setName(application);
        context.setMDCAdapter(new LogbackMDCAdapter());
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.start();
    }

    /** An event as the application would log it. */
    public LoggingEvent event(Level level, String logger, String thread, String message, Object[] arguments,
                       Map<String, String> mdc, Throwable throwable) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger(logger), level, message, throwable, arguments);
        event.setThreadName(thread);
        event.setMDCPropertyMap(mdc);
        return event;
    }

    byte[] body(ILoggingEvent event) {
        return encoder.encode(event);
    }

    /** The properties and headers of a message carrying {@code events} (more than one: a batch). */
    public AMQP.BasicProperties properties(List<? extends ILoggingEvent> events) {
        ILoggingEvent first = events.get(0);
        Level highest = events.stream().map(ILoggingEvent::getLevel).reduce((a, b) -> a.isGreaterOrEqual(b) ? a : b).orElseThrow();
        long firstSeq = ++seq;
        seq += events.size() - 1;
        Map<String, Object> headers = new HashMap<>();
        headers.put(WireContract.HEADER_LEVEL, highest.toString());
        headers.put(WireContract.HEADER_LOGGER, first.getLoggerName());
        headers.put(WireContract.HEADER_THREAD, first.getThreadName());
        headers.put(WireContract.HEADER_EVENT_TIME, first.getTimeStamp());
        headers.put(WireContract.HEADER_HOST, host);
        headers.put(WireContract.HEADER_APP, application);
        headers.put(WireContract.HEADER_PRODUCER, producer);
        headers.put(WireContract.HEADER_SEQ, firstSeq);
        if (events.size() > 1) {
            headers.put(WireContract.HEADER_EVENT_COUNT, events.size());
        }
        return new AMQP.BasicProperties.Builder()
                .contentType(WireContract.CONTENT_TYPE_JSON)
                .appId(application)
                .timestamp(new Date(first.getTimeStamp() / 1000 * 1000))
                .deliveryMode(1)
                .messageId(WireContract.messageId(producer, firstSeq))
                .headers(headers)
                .build();
    }

    public void publish(Channel channel, String exchange, ILoggingEvent event) throws IOException {
        channel.basicPublish(exchange, WireContract.DEFAULT_ROUTING_KEY, properties(List.of(event)), body(event));
    }

    void publishBatch(Channel channel, String exchange, List<? extends ILoggingEvent> events) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (ILoggingEvent event : events) {
            body.writeBytes(body(event));
        }
        channel.basicPublish(exchange, WireContract.DEFAULT_ROUTING_KEY, properties(events), body.toByteArray());
    }

    /** Renders events with a Logback pattern, as the application's own file appender would. */
    String render(String pattern, List<? extends ILoggingEvent> events) {
        ch.qos.logback.classic.PatternLayout layout = new ch.qos.logback.classic.PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        StringBuilder text = new StringBuilder();
        events.forEach(event -> text.append(layout.doLayout(event)));
        return text.toString();
    }

    /** Frames without module information, which the JSON form does not carry. */
    public static StackTraceElement frame(String className, String method, int line) {
        return new StackTraceElement(className, method, className.substring(className.lastIndexOf('.') + 1) + ".java", line);
    }

    private interface Logger {
    }
}
