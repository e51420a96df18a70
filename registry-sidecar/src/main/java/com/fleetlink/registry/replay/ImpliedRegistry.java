package com.fleetlink.registry.replay;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code connections:registry} hash as the replayed events leave it: IMEI → instance id,
 * changed by {@link RegistryOp}s with the same rules the Lua scripts apply.
 */
final class ImpliedRegistry {
    private final TreeMap<String, String> fields = new TreeMap<>();

    void apply(RegistryOp op) {
        String current = fields.get(op.imei());
        if (op instanceof RegistryOp.Register r) {
            fields.put(r.imei(), r.owner());
        } else if (op instanceof RegistryOp.Repair r) {
            fields.putIfAbsent(r.imei(), r.owner());
        } else if (op instanceof RegistryOp.Release r) {
            fields.remove(r.imei(), r.owner());
        } else if (op instanceof RegistryOp.Swept r) {
            fields.remove(r.imei(), r.owner());
        } else if (op instanceof RegistryOp.ReplaceDead r && r.deadOwner().equals(current)) {
            fields.put(r.imei(), r.owner());
        }
    }

    /** The instance the field of {@code imei} names, or {@code null}. */
    String owner(String imei) {
        return fields.get(imei);
    }

    /** IMEIs whose field names {@code owner}. */
    java.util.List<String> ownedBy(String owner) {
        return fields.entrySet().stream().filter(e -> e.getValue().equals(owner)).map(Map.Entry::getKey).toList();
    }

    /** The hash, sorted by IMEI (a copy). */
    SortedMap<String, String> fields() {
        return new TreeMap<>(fields);
    }
}
