package com.fleetlink.protocol.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code status}: what the sidecar believes, one section per subject, and whether that
 * adds up to healthy. Times are ISO-8601 instants, {@code null} for "never".
 *
 * <p>Sections added later (a janitor's, a command queue's) become nullable components after the
 * existing ones: {@code null} when an older sidecar answered, ignored by an older command.
 *
 * @param uptimeSeconds whole seconds since the sidecar started
 * @param released      whether an operator's {@code release} is in force (no repairs until flush or a new session)
 * @param held          devices held
 * @param heldComplete  whether a full snapshot (or a grace expiry) made the held set complete
 * @param pending       devices waiting to be written
 * @param healthy       false when any of {@code problems} is there
 * @param problems      what degrades the sidecar, one phrase each
 * @param janitor       the janitor (design §8); {@code null} from a sidecar that predates it
 * @param commands      outbound commands (design §9); {@code null} from a sidecar that predates them
 */
@JsonPropertyOrder({"type"})
public record StatusReply(String instance, long uptimeSeconds, boolean released, Ingestion ingestion, Redis redis,
                          Heartbeat heartbeat, long held, boolean heldComplete, long pending, Reconcile reconcile,
                          DuplicateInstance duplicateInstance, EventLog eventLog, boolean healthy,
                          List<String> problems, Janitor janitor, Commands commands) implements ControlReply {

    @Override
    @JsonProperty("type")
    public String type() {
        return ControlCommand.STATUS.word();
    }

    /**
     * The ingestion session.
     *
     * @param session its facts while {@code attached}; {@code null} (its fields left out of the line) otherwise
     */
    public record Ingestion(boolean attached, @JsonUnwrapped Session session) {
        public Ingestion {
            // Reading fills an unwrapped record even when none of its fields is on the line.
            session = attached ? session : null;
        }
    }

    /**
     * An attached ingestion session, written inside {@link Ingestion}.
     *
     * @param attachedSince when its {@code hello} arrived
     * @param boot          the ingestion's boot id
     * @param events        events received in the session
     * @param lastSeq       the last event's {@code seq}
     * @param probation     it follows a session dropped for not answering pings and has not answered one yet:
     *                      nothing of it is written and the grace period runs (design §4 rule 10); absent
     *                      (false) from a sidecar that predates it
     */
    public record Session(String attachedSince, String boot, long events, long lastSeq, boolean probation) {
    }

    /**
     * The Redis connection.
     *
     * @param uri       the URI, password redacted
     * @param lastError the last connection error, empty if none
     * @param roundTrip the status probe's round trip; {@code null} (left out of the line) when the sidecar
     *                  was not connected and so did not probe
     */
    public record Redis(String uri, boolean connected, String lastError, @JsonUnwrapped RoundTrip roundTrip) {
    }

    /**
     * A status probe of Redis, written inside {@link Redis}.
     *
     * @param roundTripMs how long the probe took, or {@code null} when Redis did not answer it
     */
    public record RoundTrip(Double roundTripMs) {
    }

    /**
     * The heartbeat.
     *
     * @param active      whether the sidecar heartbeats (an ingestion is attached or the grace period runs)
     * @param lastSuccess the last heartbeat Redis confirmed
     * @param ageSeconds  seconds since then, or {@code null} before the first
     * @param stale       active, but no success for two intervals
     * @param keyTtl      what the status probe read of the heartbeat key; {@code null} (left out of the line)
     *                    when the sidecar was not connected and so did not probe
     */
    public record Heartbeat(boolean active, String lastSuccess, Double ageSeconds, boolean stale,
                            @JsonUnwrapped KeyTtl keyTtl) {
    }

    /**
     * The heartbeat key's TTL as the status probe read it, written inside {@link Heartbeat}.
     *
     * @param ttlSeconds whole seconds left, {@code -2} when the key is missing, {@code -1} when it has no
     *                   expiry; {@code null} when Redis did not answer the probe
     */
    public record KeyTtl(Long ttlSeconds) {
    }

    /**
     * Reconcile, counted since the sidecar started.
     *
     * @param lastRun  when the last full pass ended
     * @param repaired missing fields written back
     * @param conflicts fields found naming another living instance
     * @param released fields of ours deleted
     */
    public record Reconcile(String lastRun, long repaired, long conflicts, long released) {
    }

    /**
     * Whether another sidecar runs with this instance id.
     *
     * @param since    when it was first seen
     * @param lastSeen when it was last seen
     */
    public record DuplicateInstance(boolean detected, String since, String lastSeen) {
    }

    /**
     * The event log.
     *
     * @param path  the current file
     * @param bytes the current and rotated files together
     */
    public record EventLog(String path, long bytes) {
    }

    /**
     * The janitor (design §8).
     *
     * @param enabled   whether it runs ({@code --janitor-interval} not 0)
     * @param dryRun    it reports what it would delete and deletes nothing
     * @param sweeper   the instance holding the sweep lease when this sidecar last asked (itself when it
     *                  sweeps), {@code null} before it asked
     * @param lastSweep this sidecar's last sweep, {@code null} before its first
     * @param deletedSinceStart fields this sidecar's janitor deleted since it started
     */
    public record Janitor(boolean enabled, boolean dryRun, String sweeper, Sweep lastSweep, long deletedSinceStart) {
    }

    /**
     * One janitor sweep.
     *
     * @param at            when it started
     * @param durationMs    how long it ran
     * @param instances     instances named in the registry, this one included
     * @param deadInstances instances whose death it confirmed
     * @param dead          the first twenty of them
     * @param deleted       fields it deleted
     * @param wouldDelete   fields a dry run would have deleted
     * @param suspended     it deleted nothing because too many instances looked dead at once (the breaker)
     * @param note          why it stopped short, or {@code null}
     */
    public record Sweep(String at, long durationMs, int instances, int deadInstances, List<String> dead, long deleted,
                        long wouldDelete, boolean suspended, String note) {
    }

    /**
     * Outbound commands (design §9).
     *
     * @param enabled     whether this sidecar dispatches commands ({@code --commands})
     * @param persistence what Redis said at the last connect: {@code always} (AOF with appendfsync always),
     *                    {@code off (...)} when acknowledged writes can be lost, {@code null} before it was read
     * @param inFlight    commands claimed here and not ended
     * @param backlog     outcomes waiting for Redis to return
     * @param counts      state changes made since start, by the status they led to
     */
    public record Commands(boolean enabled, String persistence, int inFlight, int backlog, Map<String, Long> counts) {
    }
}
