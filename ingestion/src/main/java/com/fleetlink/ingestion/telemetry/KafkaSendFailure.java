package com.fleetlink.ingestion.telemetry;

import java.util.Locale;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Why the Kafka sink did not get a record acknowledged: the {@code cause} label of its error counter. */
enum KafkaSendFailure {
    /** The sink's own queue was full: the batch was refused before reaching the producer (each refused offer counts; the server offers it again). */
    QUEUE_FULL,
    /** No acknowledgement within the producer's delivery timeout, or no metadata within {@code max.block.ms}. */
    TIMEOUT,
    /** The record is larger than the producer or the topic allows. */
    RECORD_TOO_LARGE,
    /** The topic does not exist and the broker would not create it. */
    UNKNOWN_TOPIC,
    /** The broker refused the client's credentials or its right to write the topic. */
    AUTH,
    /** The sink was closed while the batch waited. */
    CLOSED,
    /** Anything else the producer reported. */
    OTHER;

    /** The metric label: the constant's name in lower case. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause of a send the producer failed. */
    static KafkaSendFailure of(Throwable error) {
        if (error instanceof TimeoutException) {
            return TIMEOUT;
        }
        if (error instanceof RecordTooLargeException) {
            return RECORD_TOO_LARGE;
        }
        if (error instanceof UnknownTopicOrPartitionException) {
            return UNKNOWN_TOPIC;
        }
        if (error instanceof AuthenticationException || error instanceof AuthorizationException) {
            return AUTH;
        }
        return OTHER;
    }
}
