package com.fleetlink.registry.sim;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The ingestion's side of commands, as its sockets play it (design §9): one command in flight per
 * socket, written at once when the socket is free (a busy socket or one not held answers without
 * writing), {@code command_sent} when written, then the device's reply, a timeout that opens a late
 * window (a late reply there is reported late; {@code command_ready} ends it), or the socket closing.
 * A command whose deadline (on the host clock, taken over on the monotonic clock when the command
 * arrives, as the ingestion does) has passed when it reaches a free socket fails {@code expired},
 * never written.
 * Devices answer in time, late, never, or (Codec 14) with a nACK, by the seed. Outcomes go through
 * their own hand-off to whichever sidecar session is attached when they get there: after a short
 * delay, now and then dropped, and held back while a fault stalls it. Socket work runs on the
 * ingestion's event loops, so a wedge holds it back too.
 */
final class SimDeviceCommands {
    /** Longest a late window lasts here (the ingestion's {@code --command-late-window}, shortened). */
    private static final long LATE_WINDOW_MS = 2000;

    private final SimEnv env;
    private final String instanceId;
    private final String name;
    private final HostClock clock;
    private final SplittableRandom random;
    private final BiPredicate<String, Long> holds;
    private final Consumer<Runnable> onLoop;
    private final Consumer<LocalMessage> handOff;
    /** The command in flight or in its late window, by socket. */
    private final Map<Long, Slot> slots = new HashMap<>();
    private long stalledUntil;
    /** When the last outcome handed off arrives: the hand-off is a queue, so outcomes keep their order. */
    private long lastDelivery;

    /** One socket's command; {@code timedOut} once its late window is open. */
    private static final class Slot {
        final Command command;
        boolean timedOut;

        Slot(Command command) {
            this.command = command;
        }
    }

    /**
     * @param holds   whether a socket is its device's current one
     * @param onLoop  runs socket work now, or when the wedged event loops get to it
     * @param handOff delivers an outcome to the sidecar session attached now, if any
     */
    SimDeviceCommands(SimEnv env, String instanceId, HostClock clock, SplittableRandom random, BiPredicate<String, Long> holds,
                      Consumer<Runnable> onLoop, Consumer<LocalMessage> handOff) {
        this.env = env;
        this.instanceId = instanceId;
        this.name = "ingestion[" + instanceId + "]";
        this.clock = clock;
        this.random = random;
        this.holds = holds;
        this.onLoop = onLoop;
        this.handOff = handOff;
    }

    /** A {@code command} from the sidecar. */
    void received(Command c) {
        long writeBefore = c.deadline() == Command.NO_DEADLINE ? Long.MAX_VALUE
                : env.scheduler().nowMillis() + (c.deadline() - clock.millis());
        onLoop.accept(() -> write(c, writeBefore));
    }

    /** The hand-off to the sidecar stalls for {@code millis}: outcomes queue behind it and land late. */
    void stall(long millis) {
        stalledUntil = Math.max(stalledUntil, env.scheduler().nowMillis() + millis);
    }

    /** Socket {@code conn} closed: a written command in it is failed {@code closed}. */
    void socketClosed(long conn) {
        Slot s = slots.remove(conn);
        if (s != null && !s.timedOut) {
            failed(s.command, "closed", true);
        }
    }

    /** The process is gone: its sockets and their commands with it, without a word. */
    void stopped() {
        slots.clear();
    }

    /** @param writeBefore the command's deadline on the monotonic clock */
    private void write(Command c, long writeBefore) {
        if (!holds.test(c.imei(), c.conn())) {
            failed(c, "not_held", false);
            return;
        }
        if (slots.containsKey(c.conn())) {
            failed(c, "busy", false);
            return;
        }
        if (env.scheduler().nowMillis() >= writeBefore) {
            failed(c, "expired", false);
            return;
        }
        env.trace().add(name, "writes " + c.imei() + "/" + c.id() + "#" + c.attempt() + " on conn " + c.conn());
        env.commandWatch().written(instanceId, c.imei(), c.id(), c.attempt());
        tell(new CommandSent(c.id(), c.imei(), c.conn(), c.attempt(), clock.millis()));
        if (!c.reply()) {
            return;
        }
        Slot slot = new Slot(c);
        slots.put(c.conn(), slot);
        env.scheduler().after(c.timeout(), null, () -> onLoop.accept(() -> timedOut(slot)));
        int roll = random.nextInt(100);
        if (roll < 70) {
            answer(slot, random.nextLong(5, Math.max(6, c.timeout() * 4 / 5)), false);
        } else if (roll < 82) {
            answer(slot, c.timeout() + random.nextLong(1, LATE_WINDOW_MS * 5 / 4), false);
        } else if (roll < 90 && c.codec() == 14) {
            answer(slot, random.nextLong(5, Math.max(6, c.timeout() / 2)), true);
        }
    }

    private void answer(Slot slot, long afterMillis, boolean nack) {
        env.scheduler().after(afterMillis, null, () -> onLoop.accept(() -> replied(slot, nack)));
    }

    private void replied(Slot slot, boolean nack) {
        Command c = slot.command;
        if (slots.get(c.conn()) != slot) {
            env.trace().add(name, "unsolicited reply on conn " + c.conn() + ", not credited");
            return;
        }
        slots.remove(c.conn());
        if (nack) {
            failed(c, "rejected_imei", true);
            return;
        }
        byte[] reply = ("ok " + c.id()).getBytes(StandardCharsets.UTF_8);
        tell(new CommandResult(c.id(), c.imei(), c.conn(), c.attempt(), reply, slot.timedOut, clock.millis()));
        if (slot.timedOut) {
            tell(new CommandReady(c.imei(), c.conn()));
        }
    }

    private void timedOut(Slot slot) {
        Command c = slot.command;
        if (slots.get(c.conn()) != slot || slot.timedOut) {
            return;
        }
        slot.timedOut = true;
        failed(c, "timeout", true);
        env.scheduler().after(random.nextLong(LATE_WINDOW_MS / 2, LATE_WINDOW_MS + 1), null, () -> onLoop.accept(() -> {
            if (slots.get(c.conn()) == slot) {
                slots.remove(c.conn());
                tell(new CommandReady(c.imei(), c.conn()));
            }
        }));
    }

    private void failed(Command c, String reason, boolean written) {
        tell(new CommandFailed(c.id(), c.imei(), c.conn(), c.attempt(), reason, written, clock.millis()));
    }

    private void tell(LocalMessage outcome) {
        if (random.nextInt(40) == 0) {
            env.trace().add(name, "command hand-off full, dropped " + outcome.type());
            return;
        }
        long now = env.scheduler().nowMillis();
        lastDelivery = Math.max(lastDelivery, Math.max(now, stalledUntil) + random.nextLong(0, 3));
        env.scheduler().at(lastDelivery, () -> handOff.accept(outcome));
    }
}
