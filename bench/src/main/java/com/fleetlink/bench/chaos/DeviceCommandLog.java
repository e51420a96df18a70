package com.fleetlink.bench.chaos;

import java.util.HashMap;
import java.util.Map;

/**
 * The commands the fleet's devices read and answered, by command id, summed over every socket and
 * instance: the devices' own count of the writes of each command. Confined to the fleet's event loop.
 */
final class DeviceCommandLog {
    private final Map<String, Integer> writes = new HashMap<>();
    private final Map<String, Integer> replies = new HashMap<>();
    private long foreign;

    /** A device read a command frame carrying {@code text}. */
    void received(String text) {
        String id = CommandText.idOf(text);
        if (id == null) {
            foreign++;
        } else {
            writes.merge(id, 1, Integer::sum);
        }
    }

    /** A device answered the command with {@code id}. */
    void answered(String id) {
        replies.merge(id, 1, Integer::sum);
    }

    /** A copy of what was counted. */
    Counts snapshot() {
        return new Counts(Map.copyOf(writes), Map.copyOf(replies), foreign);
    }

    /**
     * The devices' counts at one moment.
     *
     * @param writes  command id → how many times a device read it
     * @param replies command id → how many times a device answered it
     * @param foreign command frames whose text carried no chaos command id
     */
    record Counts(Map<String, Integer> writes, Map<String, Integer> replies, long foreign) {
        int writesOf(String id) {
            return writes.getOrDefault(id, 0);
        }

        int repliesOf(String id) {
            return replies.getOrDefault(id, 0);
        }
    }
}
