package com.fleetlink.registry.sim;

import com.fleetlink.registry.store.DeadDeletion;
import com.fleetlink.registry.store.HeartbeatLook;
import com.fleetlink.registry.store.HeartbeatOutcome;
import com.fleetlink.registry.store.OwnedPage;
import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.RegistryPage;
import com.fleetlink.registry.store.Registration;
import com.fleetlink.registry.store.RegistryStore;
import com.fleetlink.registry.store.StoreFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One client connection of one instance to the simulated Redis, as Lettuce behaves: commands reach
 * the server in order after a latency, run there (or wait for a paused server), and their answers
 * come back in order after a latency. A command not answered within the timeout fails with
 * {@link StoreFailure.Unknown} and still runs; a broken connection fails what is in flight with
 * {@link StoreFailure.Unknown} (each command not yet at the server is lost or still arrives, by the
 * seed); calls on a broken connection fail at once with {@link StoreFailure.Unsent}.
 */
final class SimConnection implements RegistryStore {
    private static final String PING = "ping";
    private final String instanceId;
    private final String name;
    private final long freshnessMillis;
    private final long timeoutMillis;
    private final SimRedisServer server;
    private final SimScheduler scheduler;
    private final SimNetwork network;
    private final SimTrace trace;
    private final RegistryWatch watch;
    private final SplittableRandom random;
    private final ToLongFunction<String> decisions;
    private final Consumer<SimConnection> onBroken;
    private final List<Command<?>> unanswered = new ArrayList<>();
    private boolean open = true;
    private long lastArrival;
    private long lastAnswer;

    /** One command on its way. */
    private static final class Command<T> {
        final String name;
        final Function<SimRedis, T> body;
        final Function<T, String> shown;
        final CompletableFuture<T> answer = new CompletableFuture<>();
        long sentAt;
        boolean arrived;
        boolean lost;

        Command(String name, Function<SimRedis, T> body, Function<T, String> shown) {
            this.name = name;
            this.body = body;
            this.shown = shown;
        }
    }

    /**
     * @param decisions the virtual time of the handshake this instance decides an IMEI's registration
     *                  from right now, or -1 (the ground truth the checker judges writes by)
     * @param onBroken  runs when the server breaks the connection (not when {@link #broken} is called by the client)
     */
    SimConnection(SimEnv env, String instanceId, String name, SplittableRandom random, ToLongFunction<String> decisions,
                  Consumer<SimConnection> onBroken) {
        this.instanceId = instanceId;
        this.name = name;
        this.freshnessMillis = SimEnv.options(instanceId).freshness().toMillis();
        this.timeoutMillis = env.commandTimeout().toMillis();
        this.server = env.redis();
        this.scheduler = env.scheduler();
        this.network = env.network();
        this.trace = env.trace();
        this.watch = env.watch();
        this.random = random;
        this.decisions = decisions;
        this.onBroken = onBroken;
        server.connected(this);
    }

    /** Work (anything but {@code PING}) sent and not yet answered, timed-out commands included: the client's queue. */
    int unansweredWork() {
        return (int) unanswered.stream().filter(c -> !c.name.equals(PING)).count();
    }

    /**
     * How many {@code PING}s beyond one per command timeout are unanswered: a probe that timed out
     * stays queued at a paused server while the next one is sent, and no faster than that.
     */
    long excessPings() {
        long pings = 0;
        long oldest = Long.MAX_VALUE;
        for (Command<?> c : unanswered) {
            if (c.name.equals(PING)) {
                pings++;
                oldest = Math.min(oldest, c.sentAt);
            }
        }
        return pings == 0 ? 0 : pings - 1 - (scheduler.nowMillis() - oldest) / timeoutMillis;
    }

    boolean isOpen() {
        return open;
    }

    /**
     * The connection breaks. {@code byClient}: a network drop or the process going away, where each
     * command not yet at the server may still arrive; otherwise the server went away and nothing more arrives.
     */
    void broken(boolean byClient) {
        if (!open) {
            return;
        }
        open = false;
        server.disconnected(this);
        trace.add(name, "connection broken with " + unanswered.size() + " unanswered");
        List<Command<?>> failed = List.copyOf(unanswered);
        unanswered.clear();
        for (Command<?> c : failed) {
            if (!c.arrived) {
                c.lost = !byClient || random.nextBoolean();
            }
            c.answer.completeExceptionally(new StoreFailure.Unknown("connection lost", null));
        }
        if (!byClient) {
            onBroken.accept(this);
        }
    }

    <T> CompletionStage<T> call(String command, Function<SimRedis, T> body) {
        return call(command, body, String::valueOf);
    }

    /**
     * One command on this connection, for the other ports the simulation serves over it (the command store).
     *
     * @param shown how the trace shows the result (it must not depend on anything but the seed)
     */
    <T> CompletionStage<T> call(String command, Function<SimRedis, T> body, Function<T, String> shown) {
        if (!open) {
            return CompletableFuture.failedFuture(new StoreFailure.Unsent("not connected", null));
        }
        Command<T> c = new Command<>(command, body, shown);
        c.sentAt = scheduler.nowMillis();
        unanswered.add(c);
        lastArrival = Math.max(lastArrival, scheduler.nowMillis() + network.oneWay(instanceId));
        scheduler.at(lastArrival, () -> arrive(c));
        scheduler.after(timeoutMillis, null, () -> {
            if (!c.answer.isDone()) {
                trace.add(name, command + " timed out");
                c.answer.completeExceptionally(new StoreFailure.Unknown("command timed out after " + timeoutMillis + " ms", null));
            }
        });
        return c.answer;
    }

    private <T> void arrive(Command<T> c) {
        if (c.lost) {
            return;
        }
        c.arrived = true;
        server.arrive(() -> run(c));
    }

    private <T> void run(Command<T> c) {
        T result = c.body.apply(server.data());
        trace.add(name, "ran " + c.name + " -> " + c.shown.apply(result));
        if (!open) {
            return;
        }
        lastAnswer = Math.max(lastAnswer, scheduler.nowMillis() + network.oneWay(instanceId));
        scheduler.at(lastAnswer, () -> {
            if (unanswered.remove(c)) {
                c.answer.complete(result);
            }
        });
    }

    // ---- the port ----

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public CompletionStage<List<RegisterOutcome>> registerAll(List<Registration> registrations) {
        List<Registration> regs = List.copyOf(registrations);
        long[] decidedAt = regs.stream().mapToLong(r -> decisions.applyAsLong(r.imei())).toArray();
        return call("register " + regs.size(), redis -> {
            Map<String, String> before = owners(redis, regs.stream().map(Registration::imei).toList());
            List<RegisterOutcome> outcomes = redis.register(instanceId, freshnessMillis, regs);
            watch.registered(instanceId, regs, decidedAt, before, outcomes);
            return outcomes;
        });
    }

    @Override
    public CompletionStage<Long> unregisterAll(Collection<String> imeis, long at) {
        List<String> list = List.copyOf(imeis);
        return call("release " + list.size(), redis -> {
            Map<String, String> before = owners(redis, list);
            long deleted = redis.release(instanceId, at, freshnessMillis, list);
            watch.released(instanceId, before, owners(redis, list));
            return deleted;
        });
    }

    @Override
    public CompletionStage<Boolean> replaceDead(String imei, String deadOwner, long ownerAt, long at) {
        long decidedAt = decisions.applyAsLong(imei);
        return call("replace_dead " + imei + " from " + deadOwner, redis -> {
            boolean taken = redis.replaceDead(imei, instanceId, deadOwner, ownerAt, at);
            if (taken) {
                watch.replaced(instanceId, imei, at, decidedAt, deadOwner);
            }
            return taken;
        });
    }

    @Override
    public CompletionStage<HeartbeatLook> lookHeartbeat(String instance) {
        return call("look_heartbeat " + instance, redis -> redis.lookHeartbeat(instance));
    }

    @Override
    public CompletionStage<HeartbeatOutcome> heartbeat(long at, Duration ttl) {
        long maxAge = Math.min(freshnessMillis, ttl.toMillis());
        return call("heartbeat", redis -> {
            HeartbeatOutcome outcome = redis.heartbeat(instanceId, at, maxAge, ttl.toSeconds());
            if (!outcome.stale()) {
                watch.heartbeatWritten(instanceId, redis.heartbeatExpiresAt(instanceId));
            }
            return outcome;
        });
    }

    @Override
    public CompletionStage<Long> deleteHeartbeat(long at) {
        return call("delete_heartbeat", redis -> {
            long deleted = redis.deleteHeartbeat(instanceId, at, freshnessMillis);
            if (deleted == 1) {
                watch.heartbeatDeleted(instanceId);
            }
            return deleted;
        });
    }

    @Override
    public CompletionStage<String> claimInstance(String token, Duration ttl) {
        // Tokens are random per process (InstanceClaim), so the trace shows only whose token was found.
        return call("claim", redis -> redis.claim(instanceId, token, ttl.toSeconds()),
                previous -> previous == null ? "none" : previous.equals(token) ? "own token" : "another token");
    }

    @Override
    public CompletionStage<OwnedPage> scanOwned(String cursor, int count) {
        return call("scan", redis -> redis.scanOwned(instanceId, cursor, count));
    }

    @Override
    public CompletionStage<RegistryPage> scanRegistry(String cursor, int count) {
        return call("scan_registry", redis -> redis.scanRegistry(cursor, count), page -> page.fields().size() + " fields");
    }

    @Override
    public CompletionStage<DeadDeletion> deleteDead(String deadOwner, List<String> imeis) {
        List<String> list = List.copyOf(imeis);
        return call("delete_dead " + list.size() + " of " + deadOwner, redis -> {
            Map<String, String> before = owners(redis, list);
            DeadDeletion outcome = redis.deleteDead(deadOwner, list);
            watch.swept(instanceId, deadOwner, before, owners(redis, list));
            return outcome;
        });
    }

    @Override
    public CompletionStage<Boolean> isClaimed(String instance) {
        return call("exists claim " + instance, redis -> redis.claimed(instance));
    }

    @Override
    public CompletionStage<String> janitorLease(String holder, Duration ttl) {
        // Holders end in a random per-process suffix (Janitor), so the trace shows only whose lease it is.
        return call("janitor_lease", redis -> redis.janitorLease(holder, ttl.toMillis()),
                current -> current.equals(holder) ? "taken" : "held by " + current.substring(0, current.lastIndexOf('/')));
    }

    @Override
    public CompletionStage<Long> time() {
        return call("time", SimRedis::time);
    }

    @Override
    public CompletionStage<Void> ping() {
        return call(PING, redis -> null);
    }

    @Override
    public CompletionStage<String> owner(String imei) {
        return call("hget " + imei, redis -> redis.owner(imei));
    }

    @Override
    public CompletionStage<Boolean> isAlive(String instance) {
        return call("exists " + instance, redis -> redis.heartbeatExists(instance));
    }

    @Override
    public CompletionStage<Long> heartbeatTtl() {
        return call("ttl", redis -> redis.heartbeatTtl(instanceId));
    }

    private static Map<String, String> owners(SimRedis redis, List<String> imeis) {
        Map<String, String> owners = new HashMap<>();
        for (String imei : imeis) {
            String owner = redis.owner(imei);
            if (owner != null) {
                owners.put(imei, owner);
            }
        }
        return owners;
    }
}
