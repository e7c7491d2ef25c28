package io.logcast.core;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * The broker holds the exchange with other settings than logcast declares ({@code 406
 * PRECONDITION_FAILED} on RabbitMQ, {@code 530} on Qpid Broker-J): retrying cannot help, a setting
 * must change. Says which settings differ, so that each side can name its own option to change.
 */
public final class ExchangeConflict extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * One setting that differs: {@code type}, {@code durable}, {@code auto_delete}, {@code internal}, or
     * an argument of the exchange; {@code settings} when the broker did not say which.
     */
    public static final class Difference {
        private final String argument;
        private final String declared;
        private final String existing;

        Difference(String argument, String declared, String existing) {
            this.argument = argument;
            this.declared = declared;
            this.existing = existing;
        }

        public String argument() {
            return argument;
        }

        /** What logcast declares; null for an argument it does not set. */
        public String declared() {
            return declared;
        }

        /** What the exchange has; null when the broker did not say. */
        public String existing() {
            return existing;
        }
    }

    private final transient ExchangeDeclaration declaration;
    private final transient List<Difference> differences;
    private final String reply;

    ExchangeConflict(ExchangeDeclaration declaration, List<Difference> differences, String reply, IOException cause) {
        super("exchange '" + declaration.name() + "' exists with other settings (" + reply + ")", cause);
        this.declaration = declaration;
        this.differences = List.copyOf(differences);
        this.reply = reply;
    }

    public ExchangeDeclaration declaration() {
        return declaration;
    }

    /** At least one. */
    public List<Difference> differences() {
        return differences;
    }

    /** The broker's words about the first difference ({@code 406 PRECONDITION_FAILED - inequivalent arg ...}). */
    public String reply() {
        return reply;
    }

    /**
     * One line of advice: what exists, what this side declares ({@code declares}: "the collector declares
     * it as the tutorial does"), and how to match it, each
     * difference put in the words of that side by {@code fix} (null: nothing it can set matches it).
     * For example {@code exchange 'logs' exists with other settings (406 PRECONDITION_FAILED - ...): it
     * is type topic, durable=true; the collector declares it as the tutorial does: type fanout,
     * durable=false, auto-delete=false, internal=false, no arguments. To match it, ...; or use another --exchange}.
     */
    public String advice(String declares, Function<Difference, String> fix, String otherwise) {
        LinkedHashSet<String> fixes = new LinkedHashSet<>();
        for (Difference difference : differences) {
            String words = fix.apply(difference);
            fixes.add(words != null ? words : "delete it and let it be declared again");
        }
        return getMessage() + ": it is " + existing() + "; " + declares + ": " + declaration.describe() + ". To match it, " + String.join(" and ", fixes) + "; or " + otherwise;
    }

    /** {@code "type topic, durable=true"}: what the broker holds, as far as it said. */
    public String existing() {
        StringBuilder text = new StringBuilder();
        for (Difference difference : differences) {
            if (difference.existing() == null) {
                continue;
            }
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(difference.argument().equals("type") ? "type " + difference.existing()
                    : difference.argument().replace('_', '-') + "=" + difference.existing());
        }
        return text.length() == 0 ? "other settings" : text.toString();
    }
}
