/**
 * From one AMQP message to the log events it carries: our JSON, Logstash and ECS JSON, text (Spring
 * AMQP and the tutorial clients included) and garbage, never an exception.
 */
package io.logcast.collector.decode;
