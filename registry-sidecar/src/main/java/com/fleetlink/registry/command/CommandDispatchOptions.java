package com.fleetlink.registry.command;

import java.time.Duration;
import java.util.List;

/**
 * How the sidecar dispatches commands (the {@code run} flags {@code --commands}, {@code --command-*}).
 *
 * @param enabled     whether commands are dispatched at all ({@code --commands}, default on); off, the
 *                    {@code welcome} lists no {@code cmd} and Redis is never asked about commands
 * @param allow       the allow-list of command globs ({@code --command-allow}, default: every command)
 * @param maxInFlight claims out at once, and outcomes kept while Redis is away
 *                    ({@code --command-max-in-flight}, default {@value #DEFAULT_MAX_IN_FLIGHT})
 * @param sweepInterval how often expired commands and lapsed leases are swept and queued commands of
 *                    held devices claimed ({@code --command-sweep-interval}, default 1 s)
 * @param claimLease  the lease of a claim until the ingestion reports the write
 *                    ({@code --command-claim-lease}, default 30 s)
 * @param leaseMargin added to the response timeout for the lease of a written command, for the
 *                    reply's trip back through the ingestion and the sidecar ({@code --command-lease-margin}, default 5 s)
 * @param store       how the store keeps its keys ({@code --command-retention}) and what a claim must reach
 *                    before its command is written ({@code --command-durability})
 */
public record CommandDispatchOptions(boolean enabled, List<String> allow, int maxInFlight, Duration sweepInterval,
                                     Duration claimLease, Duration leaseMargin, CommandStoreOptions store) {
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LEASE_MARGIN = Duration.ofSeconds(5);

    public CommandDispatchOptions {
        allow = List.copyOf(allow);
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("--command-max-in-flight must be at least 1, not " + maxInFlight);
        }
        positive("--command-sweep-interval", sweepInterval);
        positive("--command-claim-lease", claimLease);
        positive("--command-lease-margin", leaseMargin);
        // Built once here so that a bad pattern is refused at start, in one line.
        new CommandPolicy(allow);
        if (store == null) {
            throw new IllegalArgumentException("the command store options must be given");
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }

    /** Commands on with every default. */
    public static CommandDispatchOptions defaults() {
        return new CommandDispatchOptions(true, List.of(), DEFAULT_MAX_IN_FLIGHT, DEFAULT_SWEEP_INTERVAL,
                DEFAULT_CLAIM_LEASE, DEFAULT_LEASE_MARGIN, CommandStoreOptions.DEFAULTS);
    }

    /** These options with other leases (tests shorten them). */
    public CommandDispatchOptions withLeases(Duration claimLease, Duration leaseMargin) {
        return new CommandDispatchOptions(enabled, allow, maxInFlight, sweepInterval, claimLease, leaseMargin, store);
    }
}
