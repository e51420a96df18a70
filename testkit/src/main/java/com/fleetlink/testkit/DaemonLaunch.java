package com.fleetlink.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every launch of a daemon sets besides its own options: the name of its log files, whether
 * it serves metrics, more {@code run} arguments and who owns the process. A launch may run again,
 * for a restart.
 *
 * @param <B> the launch itself, so its setters chain
 * @param <P> the process it starts
 */
public abstract class DaemonLaunch<B extends DaemonLaunch<B, P>, P extends DaemonProcess> {
    private final JavaProgram program;
    private final Path logDir;
    private String name;
    private boolean metrics;
    private final List<String> args = new ArrayList<>();
    private ProcessOwner owner = ProcessOwner.NONE;

    DaemonLaunch(JavaProgram program, Path logDir, String defaultName) {
        this.program = program;
        this.logDir = logDir;
        this.name = defaultName;
    }

    abstract B self();

    /** The name of its log files in the log directory. */
    public B name(String newName) {
        name = newName;
        return self();
    }

    /** Serves metrics and probes on a free port ({@code --metrics-port 0}); default off. */
    public B metrics() {
        metrics = true;
        return self();
    }

    /** More {@code run} arguments, after the others, e.g. {@code --grace 1000ms}. */
    public B args(List<String> more) {
        args.addAll(more);
        return self();
    }

    /** Told of every process this launch starts; default {@link ProcessOwner#NONE}. */
    public B owner(ProcessOwner newOwner) {
        owner = newOwner;
        return self();
    }

    /** Starts it without waiting, so several processes can start side by side. */
    public abstract P launch();

    /** {@link #launch()} and waits until it is ready; kills it when it does not get there. */
    public P start() {
        P daemon = launch();
        try {
            awaitReady(daemon);
            return daemon;
        } catch (RuntimeException | AssertionError e) {
            daemon.close();
            throw e;
        }
    }

    abstract void awaitReady(P daemon);

    String name() {
        return name;
    }

    Path logDir() {
        return logDir;
    }

    boolean servesMetrics() {
        return metrics;
    }

    /** Starts the program with {@code run} (its own options first) and hands it to the owner. */
    ChildProcess startChild(List<String> run) {
        List<String> all = new ArrayList<>(run);
        if (metrics) {
            all.addAll(List.of("--metrics-port", "0"));
        }
        all.addAll(args);
        ChildProcess child = ChildProcess.start(name, program.command(all), logDir);
        owner.adopt(child);
        return child;
    }
}
