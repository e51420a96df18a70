package com.fleetlink.ingestion.telemetry;

import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.AvlRecord;
import java.util.List;

/**
 * The records of one AVL packet, with the device they came from and when the server received them.
 *
 * @param receivedAt milliseconds since the Unix epoch, by the server's clock
 */
public record TelemetryBatch(String imei, long receivedAt, Codec codec, List<AvlRecord> records) {
}
