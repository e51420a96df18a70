package com.fleetlink.registry.command;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the sidecar (a dispatcher in its core) and the reference client ask of the Redis holding
 * commands (design §9). Each state change is one script on one device's Cluster slot, followed by
 * separate commands for what spans slots (the expiry and lease indexes, the event stream); the
 * sweeps repair a crash in between. Stages may complete on any thread; a failed stage carries a
 * {@link com.fleetlink.registry.store.StoreFailure}.
 */
public interface CommandStore {

    /**
     * Stores a command in its device's queue, idempotent by id. With {@link CommandRequest#noQueue()}
     * it first reads whether a live instance holds the device.
     */
    CompletionStage<EnqueueResult> enqueue(CommandRequest request);

    /**
     * Claims the head of the device's queue for {@code owner} under a lease of {@code lease}; with a
     * claim durability, a claim Redis did not confirm in time comes back {@link ClaimResult.Unconfirmed}.
     */
    CompletionStage<ClaimResult> claim(String imei, String owner, Duration lease);

    /** Records that attempt {@code attempt} was written, with a new lease covering the response timeout. */
    CompletionStage<Transition> markSent(String imei, String id, int attempt, Duration lease);

    /** Ends attempt {@code attempt} with the holder's outcome; a stale attempt changes nothing. */
    CompletionStage<Transition> complete(String imei, String id, int attempt, CommandOutcome outcome);

    /**
     * Gives attempt {@code attempt} back without an outcome: to the queue's head when never written
     * or while retries are left, else final; {@code written} when the device may have received it.
     */
    CompletionStage<Transition> requeue(String imei, String id, int attempt, boolean written, String reason);

    /**
     * Stores a reply that came after attempt {@code attempt}'s response timeout beside the command,
     * whose status stays as it is, with a {@code late_reply} stream entry; a stale attempt changes nothing.
     */
    CompletionStage<Transition> recordLate(String imei, String id, int attempt, String result);

    /** A caller's cancel: only a queued command. */
    CompletionStage<CancelResult> cancel(String imei, String id);

    /** The sidecar's policy cancel of its own claim, before writing it (reason {@code policy}). */
    CompletionStage<CancelResult> cancelByPolicy(String imei, String id, int attempt);

    /**
     * Whether the device has anything a sweep or a claim could act on: a queued command, one in
     * progress, or stream entries not yet moved. One read on the device's slot, no script: every
     * unfinished command is in its queue or active key (the scripts move it between them atomically).
     */
    CompletionStage<Boolean> hasWork(String imei);

    /** Expires and lapses what is due on one device and repairs its index entries (on handshake, on a due index entry). */
    CompletionStage<DeviceSweep> sweepDevice(String imei);

    /** Sweeps every device with an index entry due now, at most {@code limit} devices; completes with their sweeps. */
    CompletionStage<List<DeviceSweep>> sweepDue(int limit);

    /**
     * Drains up to {@code limit} outboxes whose mark is older than a drain takes (left by a crash or a
     * failure between a script and its drain); completes with how many outboxes are still marked pending.
     */
    CompletionStage<Long> repairOutboxes(int limit);

    /**
     * One page of the devices with queued commands, from the expiry index ({@code ZSCAN}): the periodic
     * sweep claims for those held here, so a lost wake-up never loses a command. Start with
     * {@link QueuedPage#FIRST}; {@code count} is a hint.
     */
    CompletionStage<QueuedPage> queuedDevices(String cursor, int count);

    /** Moves the device's outbox to the event stream (at least once); completes with how many entries moved. */
    CompletionStage<Integer> drainOutbox(String imei);

    /** One command, if stored. */
    CompletionStage<Optional<StoredCommand>> command(String imei, String id);

    /** The device's commands, unfinished and finished within the retention, oldest first. */
    CompletionStage<List<StoredCommand>> commands(String imei);

    /** The instance the registry names for the device while its heartbeat lives, if any. */
    CompletionStage<Optional<String>> liveHolder(String imei);

    /** Publishes a wake-up hint (the IMEI only) on {@code instance}'s channel; completes with how many listened. */
    CompletionStage<Long> wake(String instance, String imei);

    /** Whether the Redis keeps acknowledged writes (for the sidecar to warn about, never to refuse). */
    CompletionStage<Persistence> persistence();
}
