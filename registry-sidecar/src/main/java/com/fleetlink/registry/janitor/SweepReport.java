package com.fleetlink.registry.janitor;

import java.util.List;

/**
 * What one janitor sweep saw and did, for {@code status}.
 *
 * @param startedAt      wall-clock ms when it started
 * @param durationMillis how long it ran
 * @param instances      instances named in the registry, this one included
 * @param deadCount      instances whose death was confirmed
 * @param dead           the first {@link #MAX_NAMES} of them, sorted
 * @param deleted        fields deleted
 * @param wouldDelete    fields a dry run would have deleted
 * @param suspended      nothing was deleted because too many instances looked dead (the breaker), or
 *                       this sidecar's own heartbeat was missing
 * @param note           why it stopped short, or {@code null}
 */
public record SweepReport(long startedAt, long durationMillis, int instances, int deadCount, List<String> dead,
                          long deleted, long wouldDelete, boolean suspended, String note) {
    /** Dead instances named in a report at most. */
    public static final int MAX_NAMES = 20;

    public SweepReport {
        dead = List.copyOf(dead.size() > MAX_NAMES ? dead.subList(0, MAX_NAMES) : dead);
    }
}
