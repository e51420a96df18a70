package com.fleetlink.bench.chaos;

import java.util.SplittableRandom;

/**
 * How the simulated devices of a {@link Fleet} behave, besides the protocol itself.
 *
 * @param meanSessionMs       a socket lives 2 s plus up to twice this before the device moves on
 * @param doubleSocketPercent how often a device opens a second socket to the same instance instead
 * @param placement           where a device connects first, and after it lost a socket
 * @param sendGapMs           after an ACK, the next packet leaves this long later, plus up to {@code sendGapSpreadMs}
 * @param sendGapSpreadMs     the random part of the gap between packets
 */
record DeviceModel(int meanSessionMs, int doubleSocketPercent, Placement placement, int sendGapMs, int sendGapSpreadMs) {
    /** Where devices connect, given the fleet's instances. */
    sealed interface Placement {
        /** Where device number {@code device} connects first. */
        String first(Fleet fleet, int device, SplittableRandom random);

        /** Where to reconnect after the socket to {@code lost} closed or could not be opened. */
        String afterLoss(Fleet fleet, String lost, SplittableRandom random);
    }

    /** Any live instance at random, first and after every loss: the chaos run's devices. */
    record RandomPlacement() implements Placement {
        @Override
        public String first(Fleet fleet, int device, SplittableRandom random) {
            return fleet.anyInstance(random);
        }

        @Override
        public String afterLoss(Fleet fleet, String lost, SplittableRandom random) {
            return fleet.anyInstance(random);
        }
    }

    /**
     * Devices numbered below {@code onSecond} start on the second instance, the rest on the first;
     * after a loss a device goes to the other instance: a drained instance's devices move over.
     */
    record SplitPlacement(int onSecond) implements Placement {
        @Override
        public String first(Fleet fleet, int device, SplittableRandom random) {
            return fleet.instance(device < onSecond ? 1 : 0);
        }

        @Override
        public String afterLoss(Fleet fleet, String lost, SplittableRandom random) {
            return fleet.other(lost, random);
        }
    }

    DeviceModel {
        if (meanSessionMs < 1 || doubleSocketPercent < 0 || doubleSocketPercent > 100 || sendGapMs < 0 || sendGapSpreadMs < 1) {
            throw new IllegalArgumentException("device model out of range: " + this);
        }
    }
}
