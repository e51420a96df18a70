package com.fleetlink.systemtests.support;

import com.fleetlink.testkit.ChildProcess;
import com.fleetlink.testkit.ProcessOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Owns the child processes of a test class: kills whatever a test left running, and when a test
 * fails prints every child's last log lines and keeps its log files under
 * {@code target/process-logs}, where CI can pick them up. Register it as a static
 * {@code @RegisterExtension} field and hand it to what starts the processes.
 */
public final class ChildProcesses implements ProcessOwner, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final Path KEPT_LOGS = Path.of("target", "process-logs");

    private final List<ChildProcess> children = new ArrayList<>();
    private final List<Path> logDirs = new ArrayList<>();
    private int startedBeforeTest;

    @Override
    public synchronized void adopt(ChildProcess child) {
        children.add(child);
        Path logDir = child.stderrFile().getParent();
        if (!logDirs.contains(logDir)) {
            logDirs.add(logDir);
        }
    }

    /** Every child's log tail, for failure messages. */
    public synchronized String tails() {
        StringBuilder out = new StringBuilder();
        for (ChildProcess child : children) {
            out.append(child.tail());
        }
        return out.toString();
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        startedBeforeTest = children.size();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        // Here rather than in a TestWatcher: by the time a watcher hears of the failure the @TempDir is gone.
        if (context.getExecutionException().isPresent()) {
            System.err.println("==== child processes of failed test " + context.getDisplayName());
            System.err.println(tails());
            keepLogs(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
        }
        // Children of the class (started in @BeforeAll) live on; those of the test end with it.
        List<ChildProcess> ofTest = children.subList(startedBeforeTest, children.size());
        ofTest.forEach(ChildProcess::close);
        ofTest.clear();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        Optional<Throwable> failure = context.getExecutionException();
        if (failure.isPresent()) {
            System.err.println(tails());
            keepLogs(context.getRequiredTestClass().getSimpleName());
        }
        children.forEach(ChildProcess::close);
        children.clear();
    }

    private void keepLogs(String as) {
        Path target = KEPT_LOGS.resolve(as);
        try {
            Files.createDirectories(target);
            for (Path dir : logDirs) {
                if (!Files.isDirectory(dir)) {
                    continue; // the @TempDir of an earlier test
                }
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".stderr")
                            || p.toString().endsWith(".stdout"))::iterator) {
                        Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("could not keep the process logs in " + target + ": " + e);
        }
    }
}
