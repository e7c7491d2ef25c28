/**
 * One daemon, wired and run: sink, accounting, journal, pipeline and consumer, the shutdown hook and the
 * exit codes. A daemon of another kind brings its own {@link io.logcast.collector.sink.EventSink} and
 * {@link io.logcast.collector.daemon.DaemonListener}; its counters are {@link
 * io.logcast.collector.daemon.Daemon#counts()}.
 */
package io.logcast.collector.daemon;
