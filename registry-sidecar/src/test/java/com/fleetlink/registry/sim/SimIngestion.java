package com.fleetlink.registry.sim;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Resync;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.registry.core.IngestionPeer;
import com.fleetlink.registry.core.SidecarCore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One ingestion process as the sidecar sees it over its Unix socket: {@code hello} (a new boot per
 * start), a chunked snapshot with {@code at} once welcomed, {@code register}/{@code unregister} with
 * {@code seq}, pongs from its event loops. Faults: it crashes (sockets gone, no shutdown), wedges
 * (no pongs, no device work, but its sidecar connection keeps reconnecting), floods (its hand-off
 * overflows and drops events, then sends a snapshot), or shuts down gracefully. It takes commands
 * ({@code cmd} in its hello) and plays them on its sockets ({@link SimDeviceCommands}).
 */
final class SimIngestion {
    /** Snapshot entries per line at most; small, so snapshots come in several chunks. */
    private static final int CHUNK = 7;
    private static final long SHUTDOWN_WAIT_MS = 2000;

    private final SimEnv env;
    private final String name;
    private final HostClock clock;
    private final SplittableRandom random;
    private final Supplier<SidecarCore> sidecar;
    private final SimDeviceCommands commands;
    /** Every socket's handshake, by conn; conns are unique across this instance's boots. */
    private final Map<Long, Handshake> handshakes = new HashMap<>();
    /** The current socket of each device, as this process knows it. */
    private final TreeMap<String, Long> channels = new TreeMap<>();
    /** Socket work a wedged event loop has not done yet. */
    private final List<Runnable> stuck = new ArrayList<>();
    private long lastConn;
    private int boots;
    private String boot;
    private long seq;
    private int snapshots;
    private boolean running;
    private boolean retired;
    private boolean wedged;
    private boolean shuttingDown;
    private long overloadedUntil;
    private Link link;

    SimIngestion(SimEnv env, String instanceId, HostClock clock, SplittableRandom random, Supplier<SidecarCore> sidecar) {
        this.env = env;
        this.name = "ingestion[" + instanceId + "]";
        this.clock = clock;
        this.random = random;
        this.sidecar = sidecar;
        this.commands = new SimDeviceCommands(env, instanceId, clock, random.split(), this::holds, this::onLoop, this::handOff);
    }

    /** A socket's handshake: when it happened (virtual ms) and the {@code at} this host's wall clock gave it. */
    private record Handshake(long virtualMillis, long wallAt) {
        /**
         * The handshake's time as a snapshot entry carries it, by the ingestion's rule (its
         * {@code DeviceSession#connectedAtOnWallClock}): the stamp, unless the wall clock stepped since,
         * then its monotonic age before the wall clock's now.
         */
        long wallAtNow(long wallNow, long virtualNow) {
            long age = virtualNow - virtualMillis;
            return Math.abs((wallNow - wallAt) - age) <= 50 ? wallAt : wallNow - age;
        }
    }

    /** The connection to the sidecar: what the core holds as its peer. */
    private final class Link implements IngestionPeer {
        private final SidecarCore core;
        private boolean open = true;
        private boolean snapshotAt;

        Link(SidecarCore core) {
            this.core = core;
        }

        @Override
        public void send(LocalMessage message) {
            if (open) {
                env.scheduler().after(random.nextLong(0, 3), null, () -> fromSidecar(this, message));
            }
        }

        @Override
        public void close(String why) {
            if (open) {
                open = false;
                env.scheduler().after(0, null, () -> closedBySidecar(this, why));
            }
        }

        void tell(LocalMessage message) {
            if (open) {
                core.received(this, message);
            }
        }
    }

    // ---- ground truth ----

    /** Whether socket {@code conn} is this process's current socket of {@code imei}. */
    boolean holds(String imei, long conn) {
        Long current = channels.get(imei);
        return current != null && current == conn;
    }

    /** The current sockets, IMEI → conn (a copy). */
    Map<String, Long> channels() {
        return new TreeMap<>(channels);
    }

    /** When socket {@code conn} did its handshake (virtual ms), or -1. */
    long handshakeTime(long conn) {
        Handshake h = handshakes.get(conn);
        return h == null ? -1 : h.virtualMillis();
    }

    // ---- lifecycle ----

    /** Starts a new process (a new boot) unless one runs or the pod is gone, and connects to the sidecar. */
    void start() {
        if (running || retired) {
            return;
        }
        running = true;
        boots++;
        boot = name + "-boot-" + boots;
        seq = 0;
        env.trace().add(name, "started " + boot);
        connect();
    }

    /** Killed: the sidecar sees the socket close, every device socket is gone without a word. */
    void crash() {
        if (!running) {
            return;
        }
        env.trace().add(name, "crashed holding " + channels.size());
        stop();
    }

    /** The pod is gone: killed like a crash, and it never starts again. */
    void retire() {
        retired = true;
        crash();
    }

    private void stop() {
        running = false;
        wedged = false;
        shuttingDown = false;
        stuck.clear();
        channels.clear();
        commands.stopped();
        dropLink();
    }

    private void dropLink() {
        Link l = link;
        link = null;
        if (l != null && l.open) {
            l.open = false;
            l.core.detach(l, "connection closed");
        }
    }

    /** SIGTERM: stop accepting, send {@code shutdown}, wait for {@code released} (or give up), close the sockets, exit. */
    void shutdown() {
        if (!running || shuttingDown) {
            return;
        }
        shuttingDown = true;
        env.trace().add(name, "shutting down holding " + channels.size());
        emit(new Shutdown(clock.millis(), ++seq));
        env.scheduler().after(SHUTDOWN_WAIT_MS, null, this::exit);
    }

    private void exit() {
        if (shuttingDown) {
            env.trace().add(name, "exited");
            stop();
        }
    }

    /** The event loops stall for {@code millis}: no pongs, no device work. */
    void wedge(long millis) {
        if (!running || wedged) {
            return;
        }
        wedged = true;
        env.trace().add(name, "wedged for " + millis + " ms");
        env.scheduler().after(millis, null, this::unwedge);
    }

    private void unwedge() {
        if (!wedged) {
            return;
        }
        wedged = false;
        env.trace().add(name, "unwedged with " + stuck.size() + " socket events to do");
        List<Runnable> work = List.copyOf(stuck);
        stuck.clear();
        work.forEach(Runnable::run);
    }

    /** The command outcomes' hand-off to the sidecar stalls for {@code millis}: they land late, some after their leases. */
    void stallCommands(long millis) {
        env.trace().add(name, "command hand-off stalls for " + millis + " ms");
        commands.stall(millis);
    }

    /** Socket work: done now, or when the wedged event loops get to it; never by a process that is gone. */
    private void onLoop(Runnable work) {
        if (!running) {
            return;
        }
        if (wedged) {
            stuck.add(work);
        } else {
            work.run();
        }
    }

    /** A command outcome reaches the sidecar session attached now, if any. */
    private void handOff(LocalMessage outcome) {
        if (running && link != null) {
            link.tell(outcome);
        }
    }

    /** The hand-off to the sidecar overflows for {@code millis}: some events are dropped (then a snapshot repairs it). */
    void overload(long millis) {
        overloadedUntil = env.scheduler().nowMillis() + millis;
    }

    /** Whatever it is doing, it becomes a healthy running process (the convergence period starts). */
    void heal() {
        overloadedUntil = 0;
        unwedge();
        exit();
        start();
    }

    /** The sidecar process went away: the socket closes from its side. */
    void sidecarGone() {
        Link l = link;
        if (l != null) {
            l.open = false;
            link = null;
            reconnectLater();
        }
    }

    // ---- the sidecar connection ----

    private void connect() {
        if (!running || link != null) {
            return;
        }
        SidecarCore core = sidecar.get();
        if (core == null) {
            reconnectLater();
            return;
        }
        link = new Link(core);
        env.trace().add(name, "hello " + boot);
        core.attach(link, new Hello(LocalProtocol.VERSION, 1000 + boots, boot, List.of(LocalProtocol.CAP_COMMANDS)));
    }

    private void reconnectLater() {
        env.scheduler().after(random.nextLong(50, 400), null, this::connect);
    }

    private void closedBySidecar(Link l, String why) {
        // As the socket handler does when the channel goes inactive; a no-op for a session already dropped.
        l.core.detach(l, "connection closed");
        if (l == link) {
            link = null;
            env.trace().add(name, "closed by the sidecar: " + why);
            reconnectLater();
        }
    }

    private void fromSidecar(Link l, LocalMessage message) {
        if (l != link || !running) {
            return;
        }
        if (message instanceof Welcome w) {
            l.snapshotAt = w.caps().contains(LocalProtocol.CAP_SNAPSHOT_AT);
            sendSnapshot();
        } else if (message instanceof Ping p) {
            if (!wedged) {
                env.scheduler().after(random.nextLong(0, 20), null, () -> l.tell(new Pong(p.n())));
            }
        } else if (message instanceof Resync) {
            env.trace().add(name, "resync asked");
            sendSnapshot();
        } else if (message instanceof Released r) {
            env.trace().add(name, "released " + r.count());
            exit();
        } else if (message instanceof Command c) {
            commands.received(c);
        }
    }

    private void sendSnapshot() {
        if (link == null) {
            return;
        }
        boolean withAt = link.snapshotAt;
        String snap = boot + "-snap-" + (++snapshots);
        List<HeldDevice> all = new ArrayList<>();
        long wallNow = clock.millis();
        long virtualNow = env.scheduler().nowMillis();
        channels.forEach((imei, conn) -> all.add(withAt
                ? new HeldDevice(imei, conn, handshakes.get(conn).wallAtNow(wallNow, virtualNow))
                : new HeldDevice(imei, conn)));
        env.trace().add(name, "snapshot " + snap + " of " + all.size());
        int chunk = 1 + random.nextInt(CHUNK);
        for (int i = 0; i < all.size() || i == 0; i += chunk) {
            List<HeldDevice> part = all.subList(i, Math.min(all.size(), i + chunk));
            link.tell(new Snapshot(snap, part, i + chunk >= all.size()));
        }
    }

    // ---- device sockets ----

    /**
     * A device's IMEI handshake on a new socket; the device's older socket here is superseded (closed
     * without a word). Returns the new socket's conn, or -1 when nothing accepts it.
     */
    long handshake(String imei) {
        if (!running || wedged || shuttingDown) {
            return -1;
        }
        long conn = ++lastConn;
        Handshake h = new Handshake(env.scheduler().nowMillis(), clock.millis());
        handshakes.put(conn, h);
        Long superseded = channels.put(imei, conn);
        if (superseded != null) {
            commands.socketClosed(superseded);
        }
        emit(new Register(imei, conn, h.wallAt(), ++seq));
        return conn;
    }

    /** Socket {@code conn} of {@code imei} closes; only the current socket unregisters. */
    void close(String imei, long conn) {
        if (!running) {
            return;
        }
        if (wedged) {
            stuck.add(() -> close(imei, conn));
            return;
        }
        commands.socketClosed(conn);
        if (holds(imei, conn)) {
            channels.remove(imei);
            emit(new Unregister(imei, conn, clock.millis(), ++seq, "closed"));
        }
    }

    private void emit(LocalMessage event) {
        if (link == null) {
            return;
        }
        if (env.scheduler().nowMillis() < overloadedUntil && random.nextInt(8) == 0) {
            env.trace().add(name, "hand-off full, dropped " + event.type());
            env.scheduler().after(random.nextLong(1, 50), null, () -> sendSnapshot());
            return;
        }
        env.trace().add(name, "sent " + event);
        link.tell(event);
    }
}
