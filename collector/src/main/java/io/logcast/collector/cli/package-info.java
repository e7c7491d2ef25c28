/**
 * The command line: picocli commands that parse and check options, then hand a {@link
 * io.logcast.collector.daemon.Daemon} its consumer settings and its sink. Nothing else happens here.
 */
package io.logcast.collector.cli;
