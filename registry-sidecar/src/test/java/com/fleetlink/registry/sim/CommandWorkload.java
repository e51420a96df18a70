package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.CommandRequest;
import com.fleetlink.registry.command.EnqueueResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The business plane sending commands as {@code registry-sidecar send} does: enqueue over its own
 * connection to Redis, then a wake-up hint to the device's live holder. Devices are picked at random,
 * online or not; options are mixed by the seed (max attempts 1 or 2, no-reply, no-queue, Codec 14,
 * expiries and response timeouts), and now and then an id is sent again (an idempotent enqueue).
 * Most are {@code setdigout}; some are {@code getver}, which a sidecar's allow-list may refuse.
 */
final class CommandWorkload {
    private static final String CALLER = "caller";

    private final SimEnv env;
    private final DeviceFleet fleet;
    private final SplittableRandom random;
    private final int queueLimit;
    private final List<CommandRequest> sent = new ArrayList<>();
    private SimConnection connection;
    private SimCommandStore store;
    private int connections;

    CommandWorkload(SimEnv env, DeviceFleet fleet, int queueLimit, SplittableRandom random) {
        this.env = env;
        this.fleet = fleet;
        this.queueLimit = queueLimit;
        this.random = random;
    }

    /** Sends one command. */
    void act() {
        CommandRequest r = !sent.isEmpty() && random.nextInt(10) == 0 ? sent.get(random.nextInt(sent.size())) : next();
        SimCommandStore s = store();
        s.enqueue(r).whenComplete((result, error) -> {
            if (error == null && result instanceof EnqueueResult.Accepted a && a.created() && !a.command().status().terminal()) {
                s.liveHolder(r.imei()).thenAccept(holder -> holder.ifPresent(instance -> s.wake(instance, r.imei())));
            }
        });
    }

    private CommandRequest next() {
        List<DeviceFleet.Device> devices = fleet.devices();
        String imei = devices.get(random.nextInt(devices.size())).imei;
        String id = "c" + (sent.size() + 1);
        boolean noReply = random.nextInt(5) == 0;
        String text = random.nextInt(5) == 0 ? "getver" : "setdigout " + random.nextInt(2);
        CommandRequest r = new CommandRequest(id, imei, "sim", text.getBytes(StandardCharsets.UTF_8),
                true, random.nextInt(4) == 0 ? 14 : 12, Duration.ofMillis(random.nextLong(1000, SimEnv.MAX_EXPIRE_MS + 1)),
                Duration.ofMillis(random.nextLong(200, SimEnv.MAX_RESPONSE_TIMEOUT_MS + 1)), random.nextInt(8) == 0, noReply,
                random.nextBoolean() ? 2 : 1);
        sent.add(r);
        return r;
    }

    /** Its connection, a new one once the last broke (as the client reconnects). */
    private SimCommandStore store() {
        if (connection == null || !connection.isOpen()) {
            connections++;
            connection = new SimConnection(env, CALLER, "redis[" + CALLER + "#" + connections + "]", random.split(), imei -> -1,
                    broken -> { });
            store = new SimCommandStore(connection, env, CALLER, queueLimit);
        }
        return store;
    }
}
