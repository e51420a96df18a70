package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.CancelResult;
import com.fleetlink.registry.command.ClaimResult;
import com.fleetlink.registry.command.CommandOutcome;
import com.fleetlink.registry.command.CommandRequest;
import com.fleetlink.registry.command.CommandStore;
import com.fleetlink.registry.command.DeviceSweep;
import com.fleetlink.registry.command.EnqueueResult;
import com.fleetlink.registry.command.Persistence;
import com.fleetlink.registry.command.QueuedPage;
import com.fleetlink.registry.command.StoredCommand;
import com.fleetlink.registry.command.Transition;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link CommandStore} port on one simulated connection: each script of {@link SimCommands} is one
 * command there (latency, timeouts, lost commands, a paused or restarted server), watched as it runs.
 * Two simplifications: the owner read is one atomic step (the real store reads the field, then the
 * heartbeat), and the indexes and the outbox are not modelled, the index reads being answered from
 * the devices' queues and leases themselves.
 */
final class SimCommandStore implements CommandStore {
    private final SimConnection connection;
    private final SimEnv env;
    private final String instance;
    private final int queueLimit;

    /** @param instance whose store it is (a sidecar's instance id, or the caller's name) */
    SimCommandStore(SimConnection connection, SimEnv env, String instance, int queueLimit) {
        this.connection = connection;
        this.env = env;
        this.instance = instance;
        this.queueLimit = queueLimit;
    }

    @Override
    public CompletionStage<EnqueueResult> enqueue(CommandRequest r) {
        CompletionStage<Boolean> held = r.noQueue() ? liveHolder(r.imei()).thenApply(Optional::isPresent)
                : CompletableFuture.completedFuture(true);
        return held.thenCompose(live -> connection.call("enqueue " + r.imei() + "/" + r.id(),
                redis -> watched(redis, "enqueue", r.imei(), null, CommandWatch.UNFENCED,
                        () -> redis.commands().enqueue(r, live, queueLimit)), SimCommandStore::shown));
    }

    @Override
    public CompletionStage<ClaimResult> claim(String imei, String owner, Duration lease) {
        return connection.call("claim " + imei, redis -> {
            ClaimResult result = watched(redis, "claim", imei, null, CommandWatch.UNFENCED,
                    () -> redis.commands().claim(imei, owner, lease.toMillis()));
            if (result instanceof ClaimResult.Claimed claimed) {
                env.commandWatch().claimed(instance, claimed.command());
            }
            return result;
        }, SimCommandStore::shown);
    }

    @Override
    public CompletionStage<Transition> markSent(String imei, String id, int attempt, Duration lease) {
        return fenced("sent", imei, id, attempt, redis -> redis.commands().sent(imei, id, attempt, lease.toMillis()));
    }

    @Override
    public CompletionStage<Transition> complete(String imei, String id, int attempt, CommandOutcome outcome) {
        return fenced("complete " + outcome.status().word(), imei, id, attempt,
                redis -> redis.commands().complete(imei, id, attempt, outcome));
    }

    @Override
    public CompletionStage<Transition> requeue(String imei, String id, int attempt, boolean written, String reason) {
        return fenced("requeue " + reason, imei, id, attempt, redis -> redis.commands().requeue(imei, id, attempt, written, reason));
    }

    @Override
    public CompletionStage<Transition> recordLate(String imei, String id, int attempt, String result) {
        return fenced("late", imei, id, attempt, redis -> redis.commands().late(imei, id, attempt, result));
    }

    private CompletionStage<Transition> fenced(String script, String imei, String id, int attempt,
                                               Function<SimRedis, Transition> body) {
        return connection.call(script + " " + imei + "/" + id + "#" + attempt,
                redis -> watched(redis, script, imei, id, attempt, () -> body.apply(redis)), SimCommandStore::shown);
    }

    @Override
    public CompletionStage<CancelResult> cancel(String imei, String id) {
        return connection.call("cancel " + imei + "/" + id, redis -> watched(redis, "cancel", imei, null,
                CommandWatch.UNFENCED, () -> redis.commands().cancel(imei, id, null, "caller")), SimCommandStore::shown);
    }

    @Override
    public CompletionStage<CancelResult> cancelByPolicy(String imei, String id, int attempt) {
        return connection.call("cancel_policy " + imei + "/" + id + "#" + attempt, redis -> watched(redis, "cancel_policy",
                imei, id, attempt, () -> redis.commands().cancel(imei, id, attempt, "policy")), SimCommandStore::shown);
    }

    @Override
    public CompletionStage<Boolean> hasWork(String imei) {
        return connection.call("exists " + imei, redis -> redis.commands().hasWork(imei));
    }

    @Override
    public CompletionStage<DeviceSweep> sweepDevice(String imei) {
        return connection.call("sweep " + imei, redis -> watched(redis, "sweep", imei, null, CommandWatch.UNFENCED,
                () -> redis.commands().sweep(imei)), sweep -> sweep.finished() + " ended, " + sweep.queued().size() + " queued");
    }

    @Override
    public CompletionStage<List<DeviceSweep>> sweepDue(int limit) {
        return connection.call("due " + limit, redis -> redis.commands().dueDevices(limit)).thenCompose(imeis -> {
            List<CompletableFuture<DeviceSweep>> sweeps = imeis.stream().map(i -> sweepDevice(i).toCompletableFuture()).toList();
            return CompletableFuture.allOf(sweeps.toArray(CompletableFuture[]::new))
                    .thenApply(done -> sweeps.stream().map(CompletableFuture::join).toList());
        });
    }

    @Override
    public CompletionStage<QueuedPage> queuedDevices(String cursor, int count) {
        return connection.call("queued_devices", redis -> new QueuedPage(redis.commands().queuedDevices(), QueuedPage.FIRST, true),
                page -> page.imeis().size() + " devices");
    }

    /** The outbox is not modelled (see the class comment): there is never anything to move. */
    @Override
    public CompletionStage<Integer> drainOutbox(String imei) {
        return connection.call("drain_outbox " + imei, redis -> 0);
    }

    @Override
    public CompletionStage<Optional<StoredCommand>> command(String imei, String id) {
        return connection.call("hgetall " + imei + "/" + id, redis -> Optional.ofNullable(redis.commands().commands(imei).get(id)),
                c -> c.map(SimCommandStore::shown).orElse("none"));
    }

    @Override
    public CompletionStage<List<StoredCommand>> commands(String imei) {
        return connection.call("history " + imei, redis -> redis.commands().commands(imei).values().stream()
                .sorted(Comparator.comparingLong(StoredCommand::createdAt).thenComparing(StoredCommand::id)).toList(),
                list -> list.size() + " commands");
    }

    @Override
    public CompletionStage<Optional<String>> liveHolder(String imei) {
        return connection.call("live_holder " + imei, redis -> {
            String owner = redis.owner(imei);
            Optional<String> holder = owner != null && redis.heartbeatExists(owner) ? Optional.of(owner) : Optional.empty();
            env.commandWatch().holderRead(instance, imei, holder);
            return holder;
        });
    }

    @Override
    public CompletionStage<Long> wake(String to, String imei) {
        return connection.call("publish " + to + " " + imei, redis -> env.redis().publish(to, imei, env.network().oneWay(to)));
    }

    @Override
    public CompletionStage<Long> repairOutboxes(int limit) {
        // The simulation models no outbox (design §9 as built: outboxes and indexes are Redis-side plumbing).
        return connection.call("outbox repair", redis -> 0L);
    }

    @Override
    public CompletionStage<Persistence> persistence() {
        return connection.call("info persistence", redis -> env.redis().persistence());
    }

    /** Runs {@code script} on {@code imei}'s commands and shows the watch the commands before and after. */
    private <T> T watched(SimRedis redis, String script, String imei, String fencedId, int fencedAttempt, Supplier<T> body) {
        Map<String, StoredCommand> before = redis.commands().commands(imei);
        T result = body.get();
        env.commandWatch().scriptRan(instance, script, imei, fencedId, fencedAttempt, before, redis.commands().commands(imei));
        return result;
    }

    private static String shown(Object result) {
        if (result instanceof EnqueueResult.Accepted a) {
            return (a.created() ? "created " : "existing ") + shown(a.command());
        }
        if (result instanceof ClaimResult.Claimed c) {
            return "claimed " + shown(c.command());
        }
        if (result instanceof ClaimResult.Busy b) {
            return "busy with " + shown(b.current());
        }
        if (result instanceof Transition.Applied a) {
            return "applied " + shown(a.command());
        }
        if (result instanceof Transition.Stale s) {
            return "stale, now " + shown(s.current());
        }
        if (result instanceof StoredCommand c) {
            return c.id() + " " + c.status().word() + " #" + c.attempt() + " writes " + c.writes();
        }
        return result.getClass().getSimpleName();
    }
}
