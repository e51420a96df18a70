package com.fleetlink.bench.chaos;

import com.fleetlink.registry.command.CommandRequest;
import com.fleetlink.registry.command.CommandStatus;
import com.fleetlink.registry.command.CommandStore;
import com.fleetlink.registry.command.EnqueueResult;
import com.fleetlink.testkit.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Enqueues the chaos run's commands, about {@code rate} a second over the fleet, through the
 * sidecar's own enqueue script ({@link CommandStore#enqueue}) and wakes the device's live holder,
 * as {@code registry-sidecar send} does. A failed enqueue (Redis paused or restarting) is retried
 * with the same id, which the script makes idempotent, until accepted or {@link #ENQUEUE_PATIENCE}
 * ran out; meanwhile no other command is sent, so the rate drops during a Redis fault.
 */
final class CommandSender implements AutoCloseable {
    /** Longer than any Redis fault lasts, so an enqueue is only given up when something is broken. */
    static final Duration ENQUEUE_PATIENCE = Duration.ofSeconds(20);
    private static final Duration RETRY = Duration.ofMillis(200);

    private final CommandStore store;
    private final Duration callTimeout;
    private final Fleet fleet;
    private final SplittableRandom random;
    private final long periodMicros;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-command-sender");
        t.setDaemon(true);
        return t;
    });
    private final List<SentCommand> sent = new ArrayList<>();
    /** The number in the next command's id; the sender's thread only. */
    private long next;
    private long refused;
    private long lastEnqueueMicros;

    /** @param callTimeout how long one Redis call may take before it counts as failed */
    CommandSender(CommandStore store, Fleet fleet, double rate, long seed, Duration callTimeout) {
        this.store = store;
        this.callTimeout = callTimeout;
        this.fleet = fleet;
        this.random = new SplittableRandom(seed);
        this.periodMicros = (long) (1_000_000 / rate);
    }

    /** Starts sending. */
    CommandSender start() {
        thread.scheduleWithFixedDelay(this::sendOne, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        return this;
    }

    /** Stops sending; returns once the command being enqueued is done with. */
    void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(ENQUEUE_PATIENCE.toSeconds() + 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the command sender did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every command enqueued or tried, in order. */
    synchronized List<SentCommand> sent() {
        return List.copyOf(sent);
    }

    /** Enqueues refused for a full queue or a taken id: nothing was stored. */
    synchronized long refused() {
        return refused;
    }

    /** When the last command was accepted (wall clock), or 0. */
    synchronized long lastEnqueueMicros() {
        return lastEnqueueMicros;
    }

    private void sendOne() {
        CommandKind kind = CommandKind.draw(random);
        String imei = kind == CommandKind.TO_OFFLINE_DEVICE ? fleet.deviceWithoutSocket(random) : null;
        if (imei == null) {
            imei = fleet.imeis().get(random.nextInt(fleet.imeis().size()));
        }
        String id = "c" + next++;
        CommandRequest request = kind.request(id, imei);
        long firstTry = WallClock.micros();
        EnqueueResult[] result = new EnqueueResult[1];
        long done = Poll.untilOrTimeout(ENQUEUE_PATIENCE, RETRY, () -> {
            result[0] = call(() -> store.enqueue(request).toCompletableFuture());
            return result[0] != null;
        });
        synchronized (this) {
            if (done != Poll.TIMED_OUT && !(result[0] instanceof EnqueueResult.Accepted)) {
                refused++;
                return;
            }
            long accepted = done == Poll.TIMED_OUT ? SentCommand.NOT_ACCEPTED : WallClock.micros();
            sent.add(new SentCommand(id, imei, kind, request.maxAttempts(), request.noReply(),
                    request.responseTimeout().toMillis(), request.expire().toMillis(), firstTry, accepted));
            lastEnqueueMicros = Math.max(lastEnqueueMicros, accepted);
        }
        if (result[0] instanceof EnqueueResult.Accepted accepted && accepted.command().status() == CommandStatus.QUEUED) {
            String device = imei;
            Optional<String> holder = call(() -> store.liveHolder(device).toCompletableFuture());
            if (holder != null && holder.isPresent()) {
                call(() -> store.wake(holder.get(), device).toCompletableFuture());
            }
        }
    }

    /** The call's answer, or {@code null} when Redis failed it or did not answer in time. */
    private <T> T call(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get().get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    @Override
    public String toString() {
        return "command sender";
    }
}
