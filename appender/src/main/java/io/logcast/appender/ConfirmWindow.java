package io.logcast.appender;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.rabbitmq.client.Channel;

import io.logcast.core.WireContract;

/**
 * The messages published and not yet confirmed, and those to publish again: what a nack or a lost
 * connection sends back goes out again first, in order. Bounds the unconfirmed events (and so the
 * duplicates one connection loss can cause) to {@link #MAX_IN_FLIGHT_EVENTS}. Confirms and returns
 * arrive on amqp-client's thread and are applied by the publisher thread in {@link #settle()};
 * those of a channel that has since died are ignored, its messages being queued again already.
 * Without publisher confirms a message is settled as soon as it is written.
 */
final class ConfirmWindow {

    /**
     * Unconfirmed events at most (a batch counts as its events, not as one message). 10,000 measured
     * no faster on the benchmark machine, where the broker's CPU is the limit (docs/BENCHMARKS.md),
     * and would allow ten times the duplicates per connection loss.
     */
    static final int MAX_IN_FLIGHT_EVENTS = 1000;
    /**
     * How long a nacked message waits for a return before it is published again. RabbitMQ returns
     * an unroutable message, then acks it; Qpid Broker-J nacks it, then returns it.
     */
    static final long RETURN_WAIT_NANOS = 1_000_000_000L;

    /** A confirm or a return, as amqp-client's reader thread reported it, in its order. */
    private static final class Signal {
        final long channel;
        final long tag;
        final boolean multiple;
        final boolean ack;
        /** For a return: the id of the returned message, and its events; null for a confirm. */
        final String returnedId;
        final int returnedEvents;

        Signal(long channel, long tag, boolean multiple, boolean ack, String returnedId, int returnedEvents) {
            this.channel = channel;
            this.tag = tag;
            this.multiple = multiple;
            this.ack = ack;
            this.returnedId = returnedId;
            this.returnedEvents = returnedEvents;
        }
    }

    private final boolean confirms;
    private final Counters counters;
    private final UnroutableEpisodes unroutable;
    private final Runnable wake;
    private final long returnWaitNanos;
    private final ConcurrentLinkedQueue<Signal> signals = new ConcurrentLinkedQueue<>();
    /** By delivery tag, in publication order: a channel's tags only grow, and the map is emptied when the channel dies. */
    private final LinkedHashMap<Long, OutgoingMessage> inFlight = new LinkedHashMap<>();
    /** Ids of unconfirmed messages the broker returned: their confirm settles them as unroutable. */
    private final Set<String> returned = new HashSet<>();
    /** Nacked messages by id, in nack order, waiting for a possible return. */
    private final Map<String, Nacked> nackedAwaitingReturn = new LinkedHashMap<>();
    private ArrayDeque<OutgoingMessage> retry = new ArrayDeque<>();
    private int inFlightEvents;
    private long channel;

    /** A nacked message and when its nack was applied. */
    private static final class Nacked {
        final OutgoingMessage message;
        final long at;

        Nacked(OutgoingMessage message, long at) {
            this.message = message;
            this.at = at;
        }
    }

    /** {@code wake}: called on amqp-client's thread when a confirm or return arrived. */
    ConfirmWindow(boolean confirms, Counters counters, UnroutableEpisodes unroutable, Runnable wake) {
        this(confirms, counters, unroutable, wake, RETURN_WAIT_NANOS);
    }

    ConfirmWindow(boolean confirms, Counters counters, UnroutableEpisodes unroutable, Runnable wake, long returnWaitNanos) {
        this.returnWaitNanos = returnWaitNanos;
        this.confirms = confirms;
        this.counters = counters;
        this.unroutable = unroutable;
        this.wake = wake;
    }

    /** Listens to {@code opened}, a new channel, in confirm mode when confirms are on. */
    void attach(Channel opened) throws IOException {
        long current = newChannel();
        if (confirms) {
            opened.confirmSelect();
            opened.addConfirmListener((tag, multiple) -> confirmed(current, tag, multiple, true),
                    (tag, multiple) -> confirmed(current, tag, multiple, false));
        }
        opened.addReturnListener(message -> {
            Object count = message.getProperties().getHeaders() == null ? null
                    : message.getProperties().getHeaders().get(WireContract.HEADER_EVENT_COUNT);
            returned(current, message.getProperties().getMessageId(), count instanceof Number ? ((Number) count).intValue() : 1);
        });
    }

    /** Any thread: the broker confirmed ({@code ack}) or refused delivery tag {@code tag} (and all before it when {@code multiple}) on channel number {@code channelNumber}. */
    void confirmed(long channelNumber, long tag, boolean multiple, boolean ack) {
        signal(new Signal(channelNumber, tag, multiple, ack, null, 0));
    }

    /** Any thread: the broker returned the message {@code messageId}, of {@code events} events, as unroutable; its confirm follows. */
    void returned(long channelNumber, String messageId, int events) {
        signal(new Signal(channelNumber, 0, false, false, messageId, events));
    }

    /** Numbers a new channel; from now on, the signals of the previous one are ignored. */
    long newChannel() {
        return ++channel;
    }

    private void signal(Signal signal) {
        signals.add(signal);
        wake.run();
    }

    /** Records {@code message} as written with delivery tag {@code tag}; returns the buffer slots freed now (without confirms, all of its). */
    int sent(long tag, OutgoingMessage message) {
        if (message.published) {
            counters.republished.incrementAndGet();
        }
        message.published = true;
        counters.published.incrementAndGet();
        if (!confirms) {
            return message.bufferSlots;
        }
        inFlight.put(tag, message);
        inFlightEvents += message.eventCount;
        return 0;
    }

    /**
     * Applies the confirms and returns that arrived: acked messages are settled; returned ones
     * (returned, then acked, by RabbitMQ) settled as unroutable; nacked ones published again
     * unless a return follows. Returns the buffer slots freed.
     */
    int settle() {
        int released = 0;
        long now = System.nanoTime();
        Signal signal;
        while ((signal = signals.poll()) != null) {
            if (signal.channel != channel) {
                continue; // a dead channel's: its messages were queued to be published again
            }
            if (signal.returnedId != null) {
                released += returned(signal);
                continue;
            }
            if (signal.multiple) {
                for (Iterator<Map.Entry<Long, OutgoingMessage>> it = inFlight.entrySet().iterator(); it.hasNext();) {
                    Map.Entry<Long, OutgoingMessage> entry = it.next();
                    if (entry.getKey() > signal.tag) {
                        break;
                    }
                    it.remove();
                    released += settled(entry.getValue(), signal.ack, now);
                }
            } else {
                OutgoingMessage message = inFlight.remove(signal.tag);
                if (message != null) {
                    released += settled(message, signal.ack, now);
                }
            }
        }
        if (!nackedAwaitingReturn.isEmpty()) {
            publishAgain(nackedWithoutReturn(now, false));
        }
        return released;
    }

    /** One message confirmed ({@code ack}) or refused; returns the buffer slots freed. */
    private int settled(OutgoingMessage message, boolean ack, long now) {
        inFlightEvents -= message.eventCount;
        if (ack) {
            counters.confirmed.incrementAndGet();
        }
        if (!returned.isEmpty() && returned.remove(message.id())) {
            unroutable.unroutable(message.eventCount);
            return message.bufferSlots;
        }
        if (ack) {
            unroutable.routed();
            return message.bufferSlots;
        }
        nackedAwaitingReturn.put(message.id(), new Nacked(message, now));
        return 0;
    }

    /** A return: of a message whose confirm follows (RabbitMQ), or of one nacked already (Qpid Broker-J). */
    private int returned(Signal signal) {
        if (!confirms) {
            unroutable.unroutable(signal.returnedEvents); // no confirm follows: counted now
            return 0;
        }
        Nacked nacked = nackedAwaitingReturn.remove(signal.returnedId);
        if (nacked == null) {
            returned.add(signal.returnedId);
            return 0;
        }
        unroutable.unroutable(nacked.message.eventCount);
        return nacked.message.bufferSlots;
    }

    /** The nacked messages whose return did not come within the wait (or {@code all}), in nack order; they count as nacked. */
    private ArrayDeque<OutgoingMessage> nackedWithoutReturn(long now, boolean all) {
        ArrayDeque<OutgoingMessage> due = new ArrayDeque<>(0);
        for (Iterator<Nacked> it = nackedAwaitingReturn.values().iterator(); it.hasNext();) {
            Nacked nacked = it.next();
            if (!all && now - nacked.at < returnWaitNanos) {
                break; // the later ones waited less
            }
            it.remove();
            counters.nacked.incrementAndGet();
            due.add(nacked.message);
        }
        return due;
    }

    /** {@code messages} go out again before everything else to publish again, in their order. */
    private void publishAgain(ArrayDeque<OutgoingMessage> messages) {
        if (!messages.isEmpty()) {
            messages.addAll(retry);
            retry = messages;
        }
    }

    /**
     * The channel died: what was nacked or in flight goes back, in order, ahead of everything else
     * to publish again (a return can no longer come).
     */
    void channelLost() {
        ArrayDeque<OutgoingMessage> again = nackedWithoutReturn(System.nanoTime(), true);
        again.addAll(inFlight.values());
        publishAgain(again);
        inFlight.clear();
        returned.clear();
        inFlightEvents = 0;
        signals.clear();
    }

    /** The next message to publish again, or null. */
    OutgoingMessage nextRetry() {
        return retry.poll();
    }

    /** Writing {@code message} failed: it goes first again. */
    void unsent(OutgoingMessage message) {
        retry.addFirst(message);
    }

    boolean hasRetries() {
        return !retry.isEmpty();
    }

    /**
     * Whether {@code events} more could be in flight. Waiting for room, rather than sending the
     * smaller batch that would fit, keeps batches full.
     */
    boolean hasRoomFor(int events) {
        return inFlightEvents + events <= MAX_IN_FLIGHT_EVENTS;
    }

    /** Nothing unconfirmed and nothing to publish again. */
    boolean isIdle() {
        return inFlight.isEmpty() && retry.isEmpty() && nackedAwaitingReturn.isEmpty();
    }

    boolean hasInFlight() {
        return !inFlight.isEmpty();
    }

    /** Events waiting to be published again. */
    int eventsToRetry() {
        int events = 0;
        for (OutgoingMessage message : retry) {
            events += message.eventCount;
        }
        return events;
    }
}
