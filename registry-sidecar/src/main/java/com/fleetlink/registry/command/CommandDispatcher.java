package com.fleetlink.registry.command;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import com.fleetlink.protocol.log.RateLimitedLog;
import com.fleetlink.registry.store.StoreFailure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes commands from Redis to the attached ingestion and their outcomes back (design §9), on the
 * core's loop: every field is touched there only, and store completions come back through
 * {@link DispatchLoop#whenDone}.
 *
 * <p>A claim is made for a device held here, only while the session listed {@code cmd} and is
 * trusted, Redis is up with no outcome waiting for it, and fewer than the in-flight limit are out;
 * the registry must name this instance, read right before the claim (a read, not part of the
 * claim's atomic step). Claims happen on a wake-up hint, when the device's registration landed
 * (if one read finds something queued or in progress, after a sweep: {@link RegisterChecks}), when
 * its previous command ended or its socket reported {@code command_ready}, and on the periodic
 * sweep, which also walks the expiry index so a lost wake-up never loses a command. Outcomes are written as they come; while Redis is away they wait in
 * a bounded backlog (never a claim then), written first when it returns. While the core holds Redis
 * suspect (it left work unanswered, and no probe has come back since) neither sweeps nor claims go
 * out: a hung Redis would pile them up unanswered, one sweep a second.
 */
public final class CommandDispatcher {
    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final RateLimitedLog failures = new RateLimitedLog(log);
    /** Devices one periodic sweep of due index entries takes. */
    static final int SWEEP_LIMIT = 100;
    /** Index entries per page of the walk over queued commands. */
    static final int SCAN_PAGE = 500;

    private final DispatchLoop loop;
    private final CommandDispatchOptions options;
    private final CommandPolicy policy;
    private final String instance;
    private final HeldSockets held;
    private final RedisTime redisTime;
    private final BooleanSupplier answering;
    private final CommandMetrics metrics;
    /** Claimed and sent to the ingestion, by IMEI: one per device (Redis keeps one active per device). */
    private final Map<String, InFlight> inFlight = new HashMap<>();
    /** Devices whose owner read or claim is under way. */
    private final Set<String> claiming = new HashSet<>();
    /** Outcomes waiting for Redis, oldest first; at most the in-flight limit. */
    private final ArrayDeque<LocalMessage> backlog = new ArrayDeque<>();
    /** Devices whose socket reported {@code command_ready} before Redis confirmed their command's requeue. */
    private final Set<String> readyEarly = new HashSet<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final RegisterChecks registerChecks;
    private CommandStore store;
    private Consumer<LocalMessage> session;
    private boolean sessionListsCommands;
    private boolean sessionTrusted;
    private boolean walking;
    /** The last claim was not confirmed with the durability asked for: claims go one at a time until one is. */
    private boolean durabilityFailing;
    private Persistence persistence;

    /** A command written or about to be: what its outcomes need that the ingestion does not repeat. */
    private record InFlight(String id, int attempt, boolean noReply, Duration responseTimeout, long createdAt,
                            long deadlineNanos) {
    }

    /** @param answering whether Redis takes new work now (the core's link is not waiting for a hung Redis) */
    public CommandDispatcher(DispatchLoop loop, CommandDispatchOptions options, String instance, HeldSockets held,
                             RedisTime redisTime, BooleanSupplier answering, CommandMetrics metrics) {
        this.loop = loop;
        this.options = options;
        this.policy = new CommandPolicy(options.allow());
        this.instance = instance;
        this.held = held;
        this.redisTime = redisTime;
        this.answering = answering;
        this.metrics = metrics;
        CommandMetrics.OUTCOMES.forEach(o -> counts.put(o, 0L));
        this.registerChecks = new RegisterChecks(loop,
                imei -> mayClaim() && held.connOf(imei) != HeldSockets.NOT_HELD ? store : null, this::claim);
    }

    /** Whether commands are on ({@code --commands}). */
    public boolean enabled() {
        return options.enabled();
    }

    // ---- Redis ----

    /** Redis is up with this store: check persistence, write the backlog, then sweep. */
    public void redisUp(CommandStore commands) {
        loop.assertInLoop();
        if (!options.enabled()) {
            return;
        }
        store = commands;
        loop.whenDone(commands.persistence(), (p, error) -> {
            if (error != null) {
                log.warn("could not read whether Redis persists commands: {}", error.toString());
                return;
            }
            persistence = p;
            metrics.persistenceOff(!p.everyWrite());
            if (!p.everyWrite()) {
                log.warn("the Redis holding commands does not keep every acknowledged write (aof {}, appendfsync {}): "
                        + "a restart can lose or repeat commands; run it with --appendonly yes --appendfsync always",
                        p.aof() ? "on" : "off", p.fsync());
            }
        });
        sweep();
    }

    /** Redis went away: no claims until it returns; outcomes wait in the backlog. */
    public void redisDown() {
        loop.assertInLoop();
        store = null;
        registerChecks.clear();
    }

    // ---- the session ----

    /** An ingestion session attached; {@code listsCommands} when its {@code hello} listed {@code cmd}. */
    public void sessionAttached(Consumer<LocalMessage> sink, boolean listsCommands, boolean trusted) {
        loop.assertInLoop();
        // The old session's commands are decided by their outcomes, if they come, or by their leases.
        inFlight.clear();
        readyEarly.clear();
        session = sink;
        sessionListsCommands = listsCommands;
        sessionTrusted = trusted;
        published();
    }

    /** The session ended its probation. */
    public void sessionTrusted() {
        loop.assertInLoop();
        sessionTrusted = true;
    }

    /** The session is gone: what it had in flight is left to its leases. */
    public void sessionDetached() {
        loop.assertInLoop();
        session = null;
        registerChecks.clear();
        inFlight.clear();
        readyEarly.clear();
        published();
    }

    /** A command outcome line of the session ({@code command_sent}, {@code _result}, {@code _failed}, {@code _ready}). */
    public void received(LocalMessage message) {
        loop.assertInLoop();
        if (!options.enabled()) {
            return;
        }
        if (message instanceof CommandReady ready) {
            if (inFlight.containsKey(ready.imei())) {
                readyEarly.add(ready.imei());
            } else {
                claim(ready.imei());
            }
        } else if (message instanceof CommandResult result && result.late()) {
            lateReply(result);
        } else {
            apply(message);
        }
    }

    // ---- triggers ----

    /** A wake-up hint for {@code imei}. */
    public void wake(String imei) {
        loop.assertInLoop();
        claim(imei);
    }

    /**
     * The device's registration landed in Redis naming us: if it has anything queued or in progress,
     * sweep it, then claim ("drain on handshake", through {@link RegisterChecks}).
     */
    public void registered(String imei) {
        loop.assertInLoop();
        if (mayClaim() && held.connOf(imei) != HeldSockets.NOT_HELD) {
            registerChecks.landed(imei);
        }
    }

    /**
     * The periodic sweep: writes the backlog, drops in-flight entries whose outcome never came, sweeps
     * due index entries and walks the queued commands for held devices.
     */
    public void sweep() {
        loop.assertInLoop();
        CommandStore s = store;
        if (!options.enabled() || s == null) {
            return;
        }
        long now = loop.nanoTime();
        if (inFlight.values().removeIf(f -> now - f.deadlineNanos() > 0)) {
            published();
        }
        if (!answering.getAsBoolean()) {
            return;
        }
        writeBacklog();
        loop.whenDone(s.sweepDue(SWEEP_LIMIT), (sweeps, error) -> {
            if (error != null) {
                failures.warn("sweep", "command sweep failed: {}", error.toString());
                return;
            }
            sweeps.stream().filter(done -> !done.queued().isEmpty()).forEach(done -> claim(done.imei()));
        });
        loop.whenDone(s.repairOutboxes(SWEEP_LIMIT), (pending, error) -> {
            if (error != null) {
                failures.warn("outboxes", "command outbox repair failed: {}", error.toString());
                return;
            }
            metrics.outboxesPending(pending);
        });
        if (!walking && mayClaim()) {
            walking = true;
            walk(s, QueuedPage.FIRST);
        }
    }

    private void walk(CommandStore s, String cursor) {
        loop.whenDone(s.queuedDevices(cursor, SCAN_PAGE), (page, error) -> {
            if (error != null || store != s) {
                walking = false;
                return;
            }
            page.imeis().forEach(this::claim);
            if (page.last()) {
                walking = false;
            } else {
                walk(s, page.cursor());
            }
        });
    }

    // ---- claims ----

    private boolean mayClaim() {
        return options.enabled() && store != null && session != null && sessionListsCommands && sessionTrusted
                && backlog.isEmpty() && answering.getAsBoolean();
    }

    private void claim(String imei) {
        if (!mayClaim() || inFlight.containsKey(imei) || claiming.contains(imei)
                || held.connOf(imei) == HeldSockets.NOT_HELD || inFlight.size() + claiming.size() >= options.maxInFlight()
                || (durabilityFailing && !claiming.isEmpty())) {
            return;
        }
        CommandStore s = store;
        claiming.add(imei);
        published();
        loop.whenDone(s.liveHolder(imei), (owner, error) -> {
            if (error != null || !owner.equals(Optional.of(instance)) || store != s) {
                claimEnded(imei);
                return;
            }
            loop.whenDone(s.claim(imei, instance, options.claimLease()), (result, failed) -> {
                claimEnded(imei);
                if (failed != null) {
                    failures.warn("claim", "imei={} claim failed: {}", imei, failed.toString());
                } else if (result instanceof ClaimResult.Unconfirmed unconfirmed) {
                    count("claimed");
                    unconfirmed(unconfirmed.command(), "not confirmed by " + options.store().durability() + " in time");
                } else if (result instanceof ClaimResult.Claimed claimed) {
                    count("claimed");
                    if (options.store().durability().confirms() && store != s) {
                        // Confirmed on a connection that dropped meanwhile: the WAIT may have run on the new one.
                        unconfirmed(claimed.command(), "Redis reconnected while it was confirmed");
                    } else {
                        durabilityFailing = false;
                        dispatch(s, claimed.command());
                    }
                }
            });
        });
    }

    private void claimEnded(String imei) {
        claiming.remove(imei);
        published();
    }

    /**
     * A claim Redis may lose (a failover or restart could hand the command out again): never written,
     * back to the queue's head; a sweep or the socket's next trigger claims it again, one claim at a
     * time until one is confirmed, so a replica outage costs one confirmation timeout at a time.
     */
    private void unconfirmed(StoredCommand c, String why) {
        metrics.durabilityFailed();
        durabilityFailing = true;
        failures.warn("durability", "imei={} id={} attempt {}: claim {}; not written, queued again", c.imei(), c.id(),
                c.attempt(), why);
        apply(new CommandFailed(c.id(), c.imei(), held.connOf(c.imei()), c.attempt(), "durability", false,
                System.currentTimeMillis()));
    }

    /** Sends a claimed command to the ingestion, or gives it back: outside the policy, or no longer held here. */
    private void dispatch(CommandStore s, StoredCommand c) {
        if (!policy.allows(c)) {
            log.info("imei={} id={} is outside --command-allow; cancelled, never written", c.imei(), c.id());
            loop.whenDone(s.cancelByPolicy(c.imei(), c.id(), c.attempt()), (result, error) -> {
                if (result instanceof CancelResult.Cancelled) {
                    count("cancelled");
                }
                claim(c.imei());
            });
            return;
        }
        long conn = held.connOf(c.imei());
        if (conn == HeldSockets.NOT_HELD || session == null || !sessionListsCommands) {
            apply(new CommandFailed(c.id(), c.imei(), conn, c.attempt(), "not_held", false, System.currentTimeMillis()));
            return;
        }
        long lease = options.claimLease().toNanos();
        inFlight.put(c.imei(), new InFlight(c.id(), c.attempt(), c.noReply(), c.responseTimeout(), c.createdAt(),
                loop.nanoTime() + lease + c.responseTimeout().toNanos() + options.leaseMargin().toNanos()));
        published();
        session.accept(new Command(c.id(), c.imei(), conn, c.attempt(), c.codec(), c.payload(),
                c.responseTimeout().toMillis(), !c.noReply(), deadline(c)));
    }

    /**
     * The command's expiry on the host clock the ingestion reads, early by the clock's uncertainty: a
     * command that reaches the socket late (a stalled hand-off, an ACK owed) is never written after it
     * expired; it comes back {@code expired}, unwritten, and its requeue or the next claim ends it.
     */
    private long deadline(StoredCommand c) {
        // Never NO_DEADLINE, which would lift the limit: a deadline at the epoch's first ms has passed.
        return Math.max(Command.NO_DEADLINE + 1, redisTime.hostMillisNoLaterThan(c.expireAt()));
    }

    // ---- outcomes ----

    private void apply(LocalMessage outcome) {
        CommandStore s = store;
        // Behind what waits already: outcomes of one command keep their order.
        if (s == null || !backlog.isEmpty()) {
            keep(outcome);
            return;
        }
        loop.whenDone(write(s, outcome), (transition, error) -> written(outcome, transition, error));
    }

    private CompletionStage<Transition> write(CommandStore s, LocalMessage outcome) {
        if (outcome instanceof CommandSent sent) {
            InFlight f = matching(sent.imei(), sent.id(), sent.attempt());
            if (f != null && f.noReply()) {
                return s.complete(sent.imei(), sent.id(), sent.attempt(), new CommandOutcome(CommandStatus.SENT_NO_REPLY, "", ""));
            }
            Duration timeout = f == null ? options.claimLease() : f.responseTimeout();
            return s.markSent(sent.imei(), sent.id(), sent.attempt(), timeout.plus(options.leaseMargin()));
        }
        if (outcome instanceof CommandResult result && result.late()) {
            return s.recordLate(result.imei(), result.id(), result.attempt(), result.text());
        }
        if (outcome instanceof CommandResult result) {
            return s.complete(result.imei(), result.id(), result.attempt(), CommandOutcome.responded(result.text()));
        }
        CommandFailed failed = (CommandFailed) outcome;
        if ("rejected_imei".equals(failed.reason())) {
            return s.complete(failed.imei(), failed.id(), failed.attempt(),
                    new CommandOutcome(CommandStatus.REJECTED_IMEI, "", failed.reason()));
        }
        return s.requeue(failed.imei(), failed.id(), failed.attempt(), failed.written(), failed.reason());
    }

    private void written(LocalMessage outcome, Transition transition, StoreFailure error) {
        String imei = imeiOf(outcome);
        if (error != null) {
            // Redis did not take it (away, or its answer lost): kept, and written again first when it answers.
            failures.warn("outcome", "imei={} command outcome {} not written, kept: {}", imei, outcome.type(), error.toString());
            keep(outcome);
            return;
        }
        if (outcome instanceof CommandResult result && result.late()) {
            lateWritten(result, transition);
        } else if (transition instanceof Transition.Applied applied) {
            applied(outcome, applied.command());
        } else if (transition instanceof Transition.Stale stale) {
            metrics.staleOutcome();
            log.info("imei={} {} of attempt {} is stale (the command is at attempt {}, {}); ignored", imei, outcome.type(),
                    attemptOf(outcome), stale.current().attempt(), stale.current().status().word());
            forget(imei, stale.current().id(), attemptOf(outcome));
        } else {
            log.info("imei={} {} names a command Redis does not hold; ignored", imei, outcome.type());
        }
    }

    private void applied(LocalMessage outcome, StoredCommand c) {
        double sinceEnqueue = Math.max(0, redisTime.now() - c.createdAt()) / 1000.0;
        if (outcome instanceof CommandSent) {
            metrics.written(sinceEnqueue);
        }
        if (c.status() == CommandStatus.RESPONDED) {
            metrics.responded(sinceEnqueue);
        }
        count(c.status() == CommandStatus.QUEUED ? "requeued" : c.status().word());
        if (c.status().terminal()) {
            forget(c.imei(), c.id(), c.attempt());
            readyEarly.remove(c.imei());
            claim(c.imei());
        } else if (c.status() == CommandStatus.QUEUED) {
            // Not at once unless the socket said it is ready: its slot may still be taken by a late window;
            // command_ready, a register or the sweep claims it then.
            forget(c.imei(), c.id(), c.attempt());
            if (readyEarly.remove(c.imei())) {
                claim(c.imei());
            }
        }
    }

    /**
     * A reply after the response timeout: never credited (design §9), but stored beside its command,
     * in order with the attempt's other outcomes (its timeout comes first).
     */
    private void lateReply(CommandResult result) {
        metrics.lateReply();
        log.info("imei={} id={} attempt {} answered after its response timeout; stored as late, not credited: {}",
                result.imei(), result.id(), result.attempt(), result.text());
        apply(result);
    }

    /** A stored late reply changes no status, so nothing is claimed or forgotten for it. */
    private void lateWritten(CommandResult result, Transition transition) {
        if (transition instanceof Transition.Stale stale) {
            metrics.staleOutcome();
            log.info("imei={} late reply of attempt {} is stale (the command is at attempt {}); not stored", result.imei(),
                    result.attempt(), stale.current().attempt());
        } else if (transition instanceof Transition.Missing) {
            log.info("imei={} late reply names a command Redis does not hold; ignored", result.imei());
        }
    }

    private void keep(LocalMessage outcome) {
        if (backlog.size() >= options.maxInFlight()) {
            LocalMessage dropped = backlog.pollFirst();
            metrics.backlogDropped();
            failures.warn("backlog", "command backlog full while Redis is away; dropped {} of imei={} (its lease decides)",
                    dropped.type(), imeiOf(dropped));
        }
        backlog.addLast(outcome);
        published();
    }

    /** Writes the kept outcomes, oldest first, before any new claim. */
    private void writeBacklog() {
        CommandStore s = store;
        while (s != null && !backlog.isEmpty()) {
            LocalMessage next = backlog.pollFirst();
            loop.whenDone(write(s, next), (transition, error) -> written(next, transition, error));
        }
        published();
    }

    private InFlight matching(String imei, String id, int attempt) {
        InFlight f = inFlight.get(imei);
        return f != null && f.id().equals(id) && f.attempt() == attempt ? f : null;
    }

    private void forget(String imei, String id, int attempt) {
        if (matching(imei, id, attempt) != null) {
            inFlight.remove(imei);
            published();
        }
    }

    private void count(String word) {
        counts.merge(word, 1L, Long::sum);
        if (CommandMetrics.OUTCOMES.contains(word)) {
            metrics.outcome(word);
        }
    }

    private void published() {
        metrics.inFlight(inFlight.size() + claiming.size());
        metrics.backlog(backlog.size());
    }

    private static String imeiOf(LocalMessage outcome) {
        if (outcome instanceof CommandSent m) {
            return m.imei();
        }
        if (outcome instanceof CommandResult m) {
            return m.imei();
        }
        return ((CommandFailed) outcome).imei();
    }

    private static int attemptOf(LocalMessage outcome) {
        if (outcome instanceof CommandSent m) {
            return m.attempt();
        }
        if (outcome instanceof CommandResult m) {
            return m.attempt();
        }
        return ((CommandFailed) outcome).attempt();
    }

    // ---- status (read on the loop) ----

    /** Commands claimed and not ended, claims under way included. */
    public int inFlight() {
        return inFlight.size() + claiming.size();
    }

    /** Outcomes waiting for Redis. */
    public int backlog() {
        return backlog.size();
    }

    /** State changes this sidecar made since start, by the status they led to. */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** What the last connect read of Redis' persistence; {@code null} before. */
    public Persistence persistence() {
        return persistence;
    }
}
