package com.fleetlink.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs, in this JVM, a daemon's command that must refuse its flags and return. A command that
 * starts instead would wait for SIGTERM forever and hang the test run: after the deadline its
 * thread is interrupted, which stops an in-process daemon in order (see the protocol module's
 * {@code TerminationSignal}), and the test fails naming the command.
 */
public final class RefusalRun {
    /** Far beyond what a refusal takes even on a busy machine, yet a failure comes in seconds. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    /** How long the interrupted daemon may take to stop, so its sockets and threads do not outlive the test. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private RefusalRun() {
    }

    /**
     * Returns what {@code run} returned within {@link #DEFAULT_DEADLINE}.
     *
     * @param command the command line, for the failure message
     * @throws AssertionError "COMMAND started instead of refusing" when {@code run} is still running at the deadline
     */
    public static <T> T within(String command, Callable<T> run) {
        return within(DEFAULT_DEADLINE, command, run);
    }

    /** {@link #within(String, Callable)} with another deadline. */
    public static <T> T within(Duration deadline, String command, Callable<T> run) {
        FutureTask<T> task = new FutureTask<>(run);
        Thread thread = new Thread(task, "refusal-run");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            boolean stopped = join(thread);
            throw new AssertionError(command + " started instead of refusing: still running after " + deadline.toMillis()
                    + " ms" + (stopped ? ", then stopped" : ", and still running " + STOP_WAIT.toSeconds() + " s after the interrupt"));
        } catch (ExecutionException e) {
            throw new AssertionError(command + " threw instead of refusing", e.getCause());
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
    }

    private static boolean join(Thread thread) {
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
