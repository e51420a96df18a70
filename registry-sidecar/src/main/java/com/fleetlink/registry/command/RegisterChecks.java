package com.fleetlink.registry.command;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The "drain on handshake" of design §9, kept cheap for a handshake storm: a device whose
 * registration landed is first looked up with one read ({@link CommandStore#hasWork}); only a device
 * with something there is swept, then handed to the claim. Most devices have nothing queued, so
 * most registrations cost that one read instead of two scripts and the owner read.
 *
 * <p>At most {@link #MAX_RUNNING} devices are being looked up or swept at once; the others wait as
 * a set, one entry per device (state, not commands: design §4 rule 2), so ten thousand handshakes
 * do not put ten thousand command calls in front of the registry's own scripts on the connection.
 * Confined to the dispatcher's loop.
 */
final class RegisterChecks {
    /** Lookups and sweeps out at once: enough to keep up with a storm, few enough to stay out of the registry's way. */
    static final int MAX_RUNNING = 32;

    private final DispatchLoop loop;
    /** The store to ask about a device now, or {@code null} when it must not be asked (not held, Redis away...). */
    private final Function<String, CommandStore> storeFor;
    private final Consumer<String> claim;
    private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
    private int running;

    /**
     * @param storeFor the store to use for a device now, or {@code null} to drop it
     * @param claim    what follows the sweep of a device that had something
     */
    RegisterChecks(DispatchLoop loop, Function<String, CommandStore> storeFor, Consumer<String> claim) {
        this.loop = loop;
        this.storeFor = storeFor;
        this.claim = claim;
    }

    /** The device's registration landed naming us. */
    void landed(String imei) {
        waiting.add(imei);
        pump();
    }

    /** The session or Redis went away: what waits is dropped (the periodic walk claims for held devices anyway). */
    void clear() {
        waiting.clear();
    }

    private void pump() {
        Iterator<String> it = waiting.iterator();
        while (running < MAX_RUNNING && it.hasNext()) {
            String imei = it.next();
            it.remove();
            CommandStore store = storeFor.apply(imei);
            if (store != null) {
                running++;
                loop.whenDone(store.hasWork(imei), (found, error) -> {
                    if (error == null && found) {
                        loop.whenDone(store.sweepDevice(imei), (sweep, failed) -> ended(imei, true));
                    } else {
                        ended(imei, false);
                    }
                });
            }
        }
    }

    private void ended(String imei, boolean claimNow) {
        running--;
        if (claimNow) {
            claim.accept(imei);
        }
        pump();
    }
}
