package com.fleetlink.registry.replay;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.registry.core.JournalKind;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;
import com.fleetlink.registry.eventlog.EventLogEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the sidecar held and what the registry held, rebuilt from its event log one entry at a time
 * with the core's rules: a {@code register} holds a device and writes it fresh, an
 * {@code unregister} of the holding {@code conn} drops it, the last chunk of a snapshot replaces the
 * held set (releases for the gone), and shutdown and grace expiry drop everything. Reconcile
 * converges the registry to the held set; the log does not record each pass, so the state is
 * re-asserted where a pass is sure to follow: a snapshot, a flush, a Redis reconnect. With a
 * complete held set (after a snapshot or a grace expiry) entries naming this instance that it does
 * not hold are released. An operator's release deletes every held entry but keeps the held set,
 * and until a flush or a new session only fresh handshakes are written. What Redis answered
 * refines the registry: a conflict names the other owner, a dead owner's entry taken over names
 * us. Redis writes go to {@link ImpliedRegistry} and to an optional extra target. Words of a later
 * version (an unknown kind, operation, outcome or step) change nothing.
 */
final class ReplayState {
    /** Owner name used until the log (or {@code --instance}) says which instance wrote it. */
    static final String UNKNOWN_INSTANCE = "(this instance)";

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
    private boolean complete;
    private boolean released;

    /**
     * @param instanceOverride the instance id to replay as, or {@code null} to take it from the log's start lines
     * @param target           also receives every registry write, in order (e.g. a scratch Redis)
     */
    ReplayState(String instanceOverride, Consumer<RegistryOp> target) {
        this.instanceOverride = instanceOverride;
        this.instance = instanceOverride;
        this.target = target;
    }

    /**
     * Whether {@code entry} is about {@code imei}: names it, lists it in a snapshot, or is a step of
     * the sidecar's life (a release, a reconnect, a flush) while the device is held, which may change its entry.
     */
    boolean touches(EventLogEntry entry, String imei) {
        return imei.equals(entry.imei().orElse(null))
                || entry.devices().stream().anyMatch(d -> d.imei().equals(imei))
                || isLifecycle(entry) && held.containsKey(imei);
    }

    /** Applies one entry. */
    void apply(EventLogEntry entry) {
        switch (JournalKind.of(entry.kind())) {
            case RECEIVED -> received(entry);
            case REDIS -> redisOutcome(entry);
            case LIFECYCLE -> lifecycle(entry);
            case UNKNOWN -> { }
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
                    if (released) {
                        write(new RegistryOp.Release(imei, instance()));
                    }
                }
            });
            this.complete = true;
            reconcile();
        }
    }

    private void redisOutcome(EventLogEntry e) {
        String imei = e.imei().orElse(null);
        RedisOperation op = RedisOperation.of(e.type());
        RedisOutcome outcome = RedisOutcome.of(e.outcome().orElse(null));
        // The journal puts the other owner in detail.
        String other = e.detail().orElse(null);
        if (imei == null || other == null || other.isEmpty()) {
            return;
        }
        if ((outcome == RedisOutcome.CONFLICT || outcome == RedisOutcome.SUPERSEDED)
                && (op == RedisOperation.REGISTER || op == RedisOperation.REPAIR)) {
            write(new RegistryOp.Register(imei, other));
        } else if (outcome == RedisOutcome.REPLACED && op == RedisOperation.REPLACE_DEAD) {
            write(new RegistryOp.ReplaceDead(imei, instance(), other));
        } else if (outcome == RedisOutcome.DELETED && op == RedisOperation.JANITOR_DELETE) {
            write(new RegistryOp.Swept(imei, other));
        }
    }

    private void lifecycle(EventLogEntry e) {
        switch (LifecycleEvent.of(e.type())) {
            case START -> {
                // A new life holds nothing yet; what the last one left in Redis stays until reconcile judges it.
                if (instanceOverride == null) {
                    instance = e.instance().orElse(instance);
                }
                held.clear();
                snapId = null;
                incoming = null;
                complete = false;
                released = false;
            }
            case SESSION_ATTACHED -> {
                released = false;
                complete = false;
            }
            case RELEASED_BY_OPERATOR -> {
                released = true;
                held.keySet().forEach(imei -> write(new RegistryOp.Release(imei, instance())));
            }
            case FLUSH_REQUESTED -> {
                released = false;
                reconcile();
            }
            case REDIS_CONNECTED -> reconcile();
            case SHUTDOWN_REQUESTED, RELEASED_AT_SHUTDOWN -> releaseEverything(false);
            case GRACE_EXPIRED -> releaseEverything(true);
            default -> { }
        }
    }

    private void releaseEverything(boolean nowComplete) {
        held.keySet().forEach(imei -> write(new RegistryOp.Release(imei, instance())));
        held.clear();
        if (nowComplete) {
            complete = true;
            reconcile();
        }
    }

    /**
     * A reconcile pass: every held device re-asserted (a repair never overwrites another owner), and
     * with a complete held set our entries for devices we do not hold released. Nothing while released.
     */
    private void reconcile() {
        if (released) {
            return;
        }
        held.keySet().forEach(imei -> write(new RegistryOp.Repair(imei, instance())));
        if (!complete) {
            return;
        }
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
        return JournalKind.of(e.kind()) == JournalKind.LIFECYCLE;
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
