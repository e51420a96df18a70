package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.CommandOutcomes;
import com.fleetlink.testkit.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every command outcome the sockets report, in order, for a test to wait on and look at. */
public final class RecordingOutcomes implements CommandOutcomes {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final List<CommandOutcome> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void report(CommandOutcome outcome) {
        outcomes.add(outcome);
    }

    /** Every outcome so far, in the order reported. */
    public List<CommandOutcome> all() {
        return List.copyOf(outcomes);
    }

    /** Waits until an outcome of {@code type} matching {@code which} is reported, and returns the first. */
    public <T extends CommandOutcome> T await(Class<T> type, Predicate<T> which) {
        Poll.until(DEADLINE, "a " + type.getSimpleName() + " outcome matching; got " + outcomes,
                () -> first(type, which) != null);
        return first(type, which);
    }

    /** Waits for the first outcome of {@code type} for command {@code id}. */
    public <T extends CommandOutcome> T await(Class<T> type, String id) {
        return await(type, o -> id.equals(idOf(o)));
    }

    /** The outcomes reported for command {@code id}, in order. */
    public List<CommandOutcome> of(String id) {
        return outcomes.stream().filter(o -> id.equals(idOf(o))).toList();
    }

    private <T extends CommandOutcome> T first(Class<T> type, Predicate<T> which) {
        return outcomes.stream().filter(type::isInstance).map(type::cast).filter(which).findFirst().orElse(null);
    }

    private static String idOf(CommandOutcome outcome) {
        if (outcome instanceof CommandOutcome.Sent s) {
            return s.id();
        } else if (outcome instanceof CommandOutcome.Result r) {
            return r.id();
        } else if (outcome instanceof CommandOutcome.Failed f) {
            return f.id();
        }
        return null;
    }
}
