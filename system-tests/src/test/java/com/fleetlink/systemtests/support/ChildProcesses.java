package com.fleetlink.systemtests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Owns the child processes of a test class: starts them, kills whatever a test left running, and
 * when a test fails prints every child's last log lines and keeps its log files under
 * {@code target/process-logs}, where CI can pick them up. Register it as a static
 * {@code @RegisterExtension} field.
 */
public final class ChildProcesses implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final Path KEPT_LOGS = Path.of("target", "process-logs");

    private final List<JavaChild> children = new ArrayList<>();
    private final Map<String, Integer> names = new HashMap<>();
    private final List<Path> logDirs = new ArrayList<>();
    private int startedBeforeTest;

    /**
     * Starts {@code java -jar jar args…}; logs go to {@code logDir}. A name already used in that
     * directory (a restarted process) gets a suffix, so no log file is overwritten.
     */
    public synchronized JavaChild start(String name, Path jar, List<String> args, Path logDir) {
        int n = names.merge(logDir.resolve(name).toString(), 1, Integer::sum);
        JavaChild child = JavaChild.start(n == 1 ? name : name + "." + n, jar, args, logDir);
        children.add(child);
        if (!logDirs.contains(logDir)) {
            logDirs.add(logDir);
        }
        return child;
    }

    /** Every child's log tail, for failure messages. */
    public synchronized String tails() {
        StringBuilder out = new StringBuilder();
        for (JavaChild child : children) {
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
        List<JavaChild> ofTest = children.subList(startedBeforeTest, children.size());
        ofTest.forEach(JavaChild::destroy);
        ofTest.clear();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        Optional<Throwable> failure = context.getExecutionException();
        if (failure.isPresent()) {
            System.err.println(tails());
            keepLogs(context.getRequiredTestClass().getSimpleName());
        }
        children.forEach(JavaChild::destroy);
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
