package com.fleetlink.registry.replay;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.registry.eventlog.EventLogEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the sidecar held and what the registry held, rebuilt from its event log one entry at a time
 * with the core's rules: a {@code register} holds a device and writes it fresh, an
 * {@code unregister} of the holding {@code conn} drops it, the last chunk of a snapshot replaces the
 * held set (repairs for the new, releases for the gone), and shutdown, grace expiry and an
 * operator's release drop everything. Once the held set is known complete (a snapshot, a grace
 * expiry) entries naming this instance that it does not hold are released, as reconcile does. What
 * Redis answered refines the registry: a conflict names the other owner, a dead owner's entry taken
 * over names us. Redis writes go to {@link ImpliedRegistry} and to an optional extra target.
 */
final class ReplayState {
    /** Owner name used until the log (or {@code --instance}) says which instance wrote it. */
    static final String UNKNOWN_INSTANCE = "(this instance)";

    private static final Set<String> RELEASE_ALL = Set.of("shutdown_requested", "grace_expired",
            "released_by_operator", "released_at_shutdown");

    /**
     * One held device.
     *
     * @param since ms since the epoch: the handshake, or the snapshot that first told of it
     */
    record Held(long conn, long since) {
    }

    private final String instanceOverride;
    private final Consumer<RegistryOp> target;
    private final ImpliedRegistry registry = new ImpliedRegistry();
    private final TreeMap<String, Held> held = new TreeMap<>();
    private String instance;
    private String snapId;
    private Map<String, Long> incoming;

    /**
     * @param instanceOverride the instance id to replay as, or {@code null} to take it from the log's start lines
     * @param target           also receives every registry write, in order (e.g. a scratch Redis)
     */
    ReplayState(String instanceOverride, Consumer<RegistryOp> target) {
        this.instanceOverride = instanceOverride;
        this.instance = instanceOverride;
        this.target = target;
    }

    /** Whether {@code entry} is about {@code imei}: names it, lists it in a snapshot, or drops it with everything else. */
    boolean touches(EventLogEntry entry, String imei) {
        return imei.equals(entry.imei().orElse(null))
                || entry.devices().stream().anyMatch(d -> d.imei().equals(imei))
                || isLifecycle(entry) && (RELEASE_ALL.contains(entry.type()) || entry.type().equals("start")) && held.containsKey(imei);
    }

    /** Applies one entry. */
    void apply(EventLogEntry entry) {
        switch (entry.kind()) {
            case EventLogEntry.KIND_RECEIVED -> received(entry);
            case EventLogEntry.KIND_REDIS -> redisOutcome(entry);
            case EventLogEntry.KIND_LIFECYCLE -> lifecycle(entry);
            default -> { }
        }
    }

    private void received(EventLogEntry e) {
        switch (e.type()) {
            case "register" -> {
                String imei = e.imei().orElseThrow();
                held.put(imei, new Held(e.conn().orElse(0), e.at().orElse(e.ts())));
                write(new RegistryOp.Register(imei, instance()));
            }
            case "unregister" -> {
                String imei = e.imei().orElseThrow();
                Held h = held.get(imei);
                if (h != null && h.conn() == e.conn().orElse(-1)) {
                    held.remove(imei);
                    write(new RegistryOp.Release(imei, instance()));
                }
            }
            case "snapshot" -> snapshotChunk(e);
            default -> { }
        }
    }

    private void snapshotChunk(EventLogEntry e) {
        String snap = e.snap().orElse("");
        if (!snap.equals(snapId)) {
            snapId = snap;
            incoming = new HashMap<>();
        }
        for (HeldDevice d : e.devices()) {
            incoming.put(d.imei(), d.conn());
        }
        if ("last".equals(e.detail().orElse(null))) {
            Map<String, Long> complete = incoming;
            snapId = null;
            incoming = null;
            for (String imei : List.copyOf(held.keySet())) {
                if (!complete.containsKey(imei)) {
                    held.remove(imei);
                    write(new RegistryOp.Release(imei, instance()));
                }
            }
            complete.forEach((imei, conn) -> {
                Held current = held.get(imei);
                if (current == null || current.conn() != conn) {
                    held.put(imei, new Held(conn, e.ts()));
                    write(new RegistryOp.Repair(imei, instance()));
                }
            });
            releaseStrays();
        }
    }

    private void redisOutcome(EventLogEntry e) {
        String imei = e.imei().orElse(null);
        String outcome = e.outcome().orElse("");
        // The journal puts the other owner in detail; the format also allows instance.
        String other = e.instance().orElse(e.detail().orElse(null));
        if (imei == null || other == null || other.isEmpty()) {
            return;
        }
        if (outcome.equals("conflict") && (e.type().equals("register") || e.type().equals("repair"))) {
            write(new RegistryOp.Register(imei, other));
        } else if (outcome.equals("replaced") && e.type().equals("replace_dead")) {
            write(new RegistryOp.ReplaceDead(imei, instance(), other));
        }
    }

    private void lifecycle(EventLogEntry e) {
        if (e.type().equals("start")) {
            // A new life holds nothing yet; what the last one left in Redis stays until reconcile judges it.
            if (instanceOverride == null) {
                instance = e.instance().orElse(instance);
            }
            held.clear();
            snapId = null;
            incoming = null;
        } else if (RELEASE_ALL.contains(e.type())) {
            for (String imei : List.copyOf(held.keySet())) {
                write(new RegistryOp.Release(imei, instance()));
            }
            held.clear();
            if (e.type().equals("grace_expired")) {
                releaseStrays();
            }
        }
    }

    /** Reconcile with a complete held set: our entries for devices we do not hold go. */
    private void releaseStrays() {
        for (String imei : registry.ownedBy(instance())) {
            if (!held.containsKey(imei)) {
                write(new RegistryOp.Release(imei, instance()));
            }
        }
    }

    private void write(RegistryOp op) {
        registry.apply(op);
        target.accept(op);
    }

    private static boolean isLifecycle(EventLogEntry e) {
        return e.kind().equals(EventLogEntry.KIND_LIFECYCLE);
    }

    /** The instance the log belongs to, or {@link #UNKNOWN_INSTANCE}. */
    String instance() {
        return instance == null ? UNKNOWN_INSTANCE : instance;
    }

    /** Whether the instance id is known (from {@code --instance} or a start line). */
    boolean instanceKnown() {
        return instance != null;
    }

    /** The held set, sorted by IMEI (a copy). */
    SortedMap<String, Held> held() {
        return new TreeMap<>(held);
    }

    /** The registry hash the events imply, sorted by IMEI. */
    SortedMap<String, String> registry() {
        return registry.fields();
    }
}
