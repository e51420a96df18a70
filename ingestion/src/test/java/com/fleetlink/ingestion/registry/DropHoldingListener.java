package com.fleetlink.ingestion.registry;

import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionListener;
import com.fleetlink.testkit.Poll;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Passes session events to the registry client, as the server does. Once armed, when the client
 * drops an event, it lets the repair through and keeps the caller (the device's event loop) inside
 * the callback until the client has read the session table for that repair: the moment at which a
 * table that tells its listener before it changes hands the repair the old state.
 */
final class DropHoldingListener implements SessionListener {
    private final RegistryClient client;
    private final IntSupplier tableReads;
    private final Runnable letTheRepairThrough;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger held = new AtomicInteger();

    /**
     * @param tableReads          how often the client has read the session table so far
     * @param letTheRepairThrough unblocks the client's writer, so it can write the repair snapshot
     */
    DropHoldingListener(RegistryClient client, IntSupplier tableReads, Runnable letTheRepairThrough) {
        this.client = client;
        this.tableReads = tableReads;
        this.letTheRepairThrough = letTheRepairThrough;
    }

    @Override
    public void onRegistered(DeviceSession session) {
        pass(() -> client.onRegistered(session));
    }

    @Override
    public void onClosed(DeviceSession session, CloseReason reason) {
        pass(() -> client.onClosed(session, reason));
    }

    /** Holds the next event the client drops. */
    void holdNextDrop() {
        armed.set(true);
    }

    /** Dropped events held so far. */
    int held() {
        return held.get();
    }

    private void pass(Runnable handOff) {
        if (!armed.get()) {
            handOff.run(); // as cheap as the client alone, for floods
            return;
        }
        long dropped = client.droppedEvents();
        int reads = tableReads.getAsInt();
        handOff.run();
        if (client.droppedEvents() > dropped && armed.compareAndSet(true, false)) {
            letTheRepairThrough.run();
            Poll.until(Poll.DEFAULT_DEADLINE, "the client to read the session table for its repair",
                    () -> tableReads.getAsInt() > reads);
            held.incrementAndGet();
        }
    }
}
