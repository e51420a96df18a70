package com.fleetlink.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap in use after full collections, read once it stops shrinking: a single {@code System.gc()}
 * can leave reference-processing garbage and finalizable objects for the next one.
 */
final class SettledHeap {
    private static final int MAX_COLLECTIONS = 8;
    /** Two readings this close (in bytes) count as settled. */
    private static final long TOLERANCE = 64 * 1024;

    private SettledHeap() {
    }

    /** Bytes of heap in use once collections no longer free anything worth counting. */
    static long usedBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (i >= 2 && Math.abs(previous - used) <= TOLERANCE) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
