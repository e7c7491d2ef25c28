/**
 * Delivery accounting by the producer and seq headers (gaps, duplicates, late arrivals), and the disk
 * writer's journal that carries it across restarts.
 */
package io.logcast.collector.account;
