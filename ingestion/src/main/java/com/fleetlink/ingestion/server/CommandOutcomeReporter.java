package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.CommandOutcomes;
import com.fleetlink.ingestion.metrics.IngestionMetrics;

/**
 * Where every socket's command outcomes go: counted, then handed to the registry client once it has
 * set itself here (it is built after the server); until then they are only counted.
 */
final class CommandOutcomeReporter implements CommandOutcomes {
    private final IngestionMetrics metrics;
    private volatile CommandOutcomes next = outcome -> { };

    CommandOutcomeReporter(IngestionMetrics metrics) {
        this.metrics = metrics;
    }

    /** Replaces where outcomes go after they are counted. */
    void setOutcomes(CommandOutcomes outcomes) {
        this.next = outcomes;
    }

    @Override
    public void report(CommandOutcome outcome) {
        metrics.commandOutcome(outcome);
        next.report(outcome);
    }
}
