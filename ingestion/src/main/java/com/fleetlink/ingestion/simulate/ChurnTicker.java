package com.fleetlink.ingestion.simulate;

import java.util.List;

/**
 * Asks one event loop's devices, in turn, to disconnect and reconnect, at that loop's share of
 * {@code --churn} per second. It runs on a fixed tick and catches up on the fractions, so a share of
 * 2.5 a second churns five devices every two seconds. Each device acts on the request once its
 * current packet is acknowledged, so churn never loses or repeats a record.
 */
final class ChurnTicker implements Runnable {
    /** How often the ticker runs, in milliseconds. */
    static final long TICK_MILLIS = 100;

    private final List<SimulatedDevice> devices;
    private final double perSecond;
    private final long startNanos = System.nanoTime();
    private long requested;
    private int cursor;

    ChurnTicker(List<SimulatedDevice> devices, double perSecond) {
        this.devices = devices;
        this.perSecond = perSecond;
    }

    @Override
    public void run() {
        long due = (long) (perSecond * (System.nanoTime() - startNanos) / 1e9) - requested;
        for (long i = 0; i < due; i++) {
            devices.get(cursor).requestChurn();
            cursor = (cursor + 1) % devices.size();
            requested++;
        }
    }
}
