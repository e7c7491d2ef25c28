/**
 * The web view ({@code web}): a daemon whose {@link io.logcast.collector.sink.EventSink} ({@link
 * io.logcast.collector.web.WebSink}) and {@link io.logcast.collector.daemon.DaemonListener} ({@link
 * io.logcast.collector.web.EventHub}) feed pages live over Server-Sent Events, and an HTTP server
 * (Jetty core) for the page, {@code /api/events}, {@code /api/rates} and {@code /metrics} (the daemon's
 * counts and the pages'). Earlier items come from a {@code History}: the recent buffer, or a stream.
 * Every text of an event is untrusted: it reaches a page as text, never as markup.
 */
package io.logcast.collector.web;
