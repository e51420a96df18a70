package com.fleetlink.bench.chaos;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's telemetry as the devices saw it, copied off the event loop: per IMEI the records
 * created and those acknowledged, and the packets, wrong ACKs and ACK timeouts of all devices.
 *
 * @param created    IMEI → how many records it created (sequence numbers {@code 0 … n-1})
 * @param acked      IMEI → the sequence numbers acknowledged
 * @param timestamps IMEI → the timestamp of its record 0 (record {@code s} has that plus {@code s} ms)
 */
record FleetTotals(Map<String, Long> created, Map<String, BitSet> acked, Map<String, Long> timestamps,
                   long packetsSent, long wrongAcks, long answerTimeouts) {

    static FleetTotals of(List<ChaosDevice> devices) {
        Map<String, Long> created = new HashMap<>();
        Map<String, BitSet> acked = new HashMap<>();
        Map<String, Long> timestamps = new HashMap<>();
        long packets = 0;
        long wrong = 0;
        long timeouts = 0;
        for (ChaosDevice d : devices) {
            created.put(d.imei(), d.recordsCreated());
            acked.put(d.imei(), (BitSet) d.ackedRecords().clone());
            timestamps.put(d.imei(), d.timestampOf(0));
            packets += d.packetsSent();
            wrong += d.wrongAcks();
            timeouts += d.answerTimeouts();
        }
        return new FleetTotals(created, acked, timestamps, packets, wrong, timeouts);
    }

    long recordsCreated() {
        return created.values().stream().mapToLong(Long::longValue).sum();
    }

    long recordsAcked() {
        return acked.values().stream().mapToLong(BitSet::cardinality).sum();
    }
}
