package io.logcast.collector.stream;

/**
 * How a daemon reads a stream.
 *
 * @param stream         the stream's name
 * @param from           where to start; null: after the offset the journal recorded, else the first message
 * @param follow         read on as messages arrive (false: stop after the last message the stream held at start)
 * @param showsHistory   the daemon marks where the history ends (the console's marker line)
 */
public record StreamReading(String stream, StartPoint from, boolean follow, boolean showsHistory) {
}
