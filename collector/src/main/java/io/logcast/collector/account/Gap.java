package io.logcast.collector.account;

/**
 * Seqs of one producer that never arrived: {@code from..to}, both included. {@code app} is the
 * producer's application, or null when its messages did not say.
 */
public record Gap(String producer, String app, long from, long to) {

    /** The number of events missing. */
    public long count() {
        return to - from + 1;
    }

    /** {@code producer 3f1c...-9a (app shop): 4 events missing (seq 11..14)}. */
    public String describe() {
        long count = count();
        return "producer " + producer + (app == null ? "" : " (app " + app + ")") + ": "
                + count + (count == 1 ? " event" : " events") + " missing (seq " + (count == 1 ? from : from + ".." + to) + ")";
    }
}
