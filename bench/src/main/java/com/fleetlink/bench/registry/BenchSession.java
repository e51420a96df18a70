package com.fleetlink.bench.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything one benchmark run owns: a scratch directory (sockets, logs, event log) and the child
 * processes and connections it started, closed in reverse order when the run ends, when it fails,
 * when the JVM is interrupted (shutdown hook) or when the time limit passes (a watchdog exits the
 * JVM, which runs the hook). So no redis-server or daemon outlives its benchmark.
 */
public final class BenchSession implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final boolean keepDir;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread hook;
    private final ScheduledExecutorService watchdog;
    private boolean closed;

    private BenchSession(String name, Path dir, boolean keepDir, Duration timeLimit) {
        this.name = name;
        this.dir = dir;
        this.keepDir = keepDir;
        this.hook = new Thread(this::close, name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-time-limit");
            t.setDaemon(true);
            return t;
        });
        watchdog.schedule(() -> {
            System.err.println(name + ": time limit of " + timeLimit.toSeconds() + " s exceeded; stopping everything");
            System.exit(BenchMain.EXIT_FAILED);
        }, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the scratch directory (under {@code java.io.tmpdir}: Unix socket paths must stay short)
     * and arms the time limit.
     */
    public static BenchSession open(String name, Duration timeLimit, boolean keepDir) {
        try {
            Path dir = Files.createTempDirectory("flbench-" + name.toLowerCase(java.util.Locale.ROOT) + "-");
            return new BenchSession(name, dir, keepDir, timeLimit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scratch directory of this run. */
    public Path dir() {
        return dir;
    }

    /** A subdirectory {@code name} of the scratch directory, created if missing: one per leg of a benchmark. */
    public Path subdirectory(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes {@code resource} with the session (reverse order of registration). */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        if (closed) {
            closeQuietly(resource);
            throw new IllegalStateException(name + " is closing");
        }
        resources.push(resource);
        return resource;
    }

    /** Closes {@code resource} now, and forgets it. */
    public void release(AutoCloseable resource) {
        synchronized (this) {
            resources.remove(resource);
        }
        closeQuietly(resource);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watchdog.shutdownNow();
        AutoCloseable next;
        while ((next = pollResource()) != null) {
            closeQuietly(next);
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is this close's twin and will find nothing to do
            }
        }
        if (keepDir) {
            System.err.println(name + ": scratch directory kept at " + dir);
        } else {
            deleteTree(dir);
        }
    }

    private synchronized AutoCloseable pollResource() {
        return resources.poll();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("cleanup: closing " + resource + " failed: " + e);
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("cleanup: could not delete " + root + ": " + e);
        }
    }
}
