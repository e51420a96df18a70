package com.fleetlink.ingestion.teltonika;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The records of one parsed packet, as a read-only list over the array the parser filled. Only
 * the parser creates it and nobody else ever sees the array, so {@link DecodeResult.AvlPacket}
 * can keep it as it is instead of copying it the way it copies a caller's list.
 */
final class ParsedRecords extends AbstractList<AvlRecord> implements RandomAccess {
    private final AvlRecord[] records;

    /** Takes {@code records} over: the caller must not keep it or change it afterwards. */
    ParsedRecords(AvlRecord[] records) {
        this.records = records;
    }

    @Override
    public AvlRecord get(int index) {
        return records[index];
    }

    @Override
    public int size() {
        return records.length;
    }
}
