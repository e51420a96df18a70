package com.fleetlink.registry.core;

import java.time.Duration;

/**
 * The core's timing settings, checked when built.
 *
 * @param instanceId        the value written into the registry
 * @param heartbeatInterval how often the heartbeat is written
 * @param heartbeatTtl      the heartbeat key's {@code EX}
 * @param grace             how long entries outlive a disconnected ingestion
 * @param freshness         how old a write may be when it executes and still count as fresh
 * @param reconcileInterval anti-entropy period
 * @param pingInterval      how often the ingestion is pinged; three unanswered pings drop it
 * @param scanPagePause     pause between reconcile scan pages
 * @param deathConfirm      how long another instance's heartbeat must stay absent before it counts as
 *                          dead (design §8, {@code --janitor-confirm}); at least twice the heartbeat interval
 */
public record SidecarOptions(String instanceId, Duration heartbeatInterval, Duration heartbeatTtl, Duration grace,
                             Duration freshness, Duration reconcileInterval, Duration pingInterval,
                             Duration scanPagePause, Duration deathConfirm) {
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT_TTL = Duration.ofSeconds(90);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_FRESHNESS = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SCAN_PAGE_PAUSE = Duration.ofMillis(10);
    public static final Duration DEFAULT_DEATH_CONFIRM = Duration.ofSeconds(60);
    /** Unanswered pings after which the ingestion counts as gone (design §3). */
    public static final int MAX_UNANSWERED_PINGS = 3;

    public SidecarOptions {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instance id must not be empty");
        }
        positive("heartbeat interval", heartbeatInterval);
        positive("heartbeat ttl", heartbeatTtl);
        positive("ping interval", pingInterval);
        positive("reconcile interval", reconcileInterval);
        positive("freshness", freshness);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        if (heartbeatTtl.toSeconds() < 1 || heartbeatTtl.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeat ttl (" + heartbeatTtl.toMillis() + " ms) must be at least 1 s and longer than the interval");
        }
        if (deathConfirm.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("--janitor-confirm (" + deathConfirm.toMillis()
                    + " ms) must be at least twice the heartbeat interval (" + heartbeatInterval.toMillis() + " ms)");
        }
    }

    /** Options whose death confirmation is the shortest allowed: twice the heartbeat interval (for tests and tools). */
    public SidecarOptions(String instanceId, Duration heartbeatInterval, Duration heartbeatTtl, Duration grace,
                          Duration freshness, Duration reconcileInterval, Duration pingInterval, Duration scanPagePause) {
        this(instanceId, heartbeatInterval, heartbeatTtl, grace, freshness, reconcileInterval, pingInterval, scanPagePause,
                heartbeatInterval.multipliedBy(2));
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Every default for {@code instanceId}. */
    public static SidecarOptions defaults(String instanceId) {
        return new SidecarOptions(instanceId, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_TTL, DEFAULT_GRACE,
                DEFAULT_FRESHNESS, DEFAULT_RECONCILE_INTERVAL, DEFAULT_PING_INTERVAL, DEFAULT_SCAN_PAGE_PAUSE,
                DEFAULT_DEATH_CONFIRM);
    }
}
