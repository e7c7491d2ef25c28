/**
 * Where events go: a local Logback context (disk, console, a {@code --config}), or any other {@link
 * io.logcast.collector.sink.EventSink}; and the encoders that keep control characters from events out
 * of terminals and files.
 */
package io.logcast.collector.sink;
