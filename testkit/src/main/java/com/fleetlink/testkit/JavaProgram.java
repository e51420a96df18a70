package com.fleetlink.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start one of the project's programs in a child JVM: its runnable jar or a main class on
 * this JVM's class path, with the JVM options to start it with. The child runs this JVM's own
 * {@code java}, so parent and child run the same JDK.
 *
 * @param jvmOptions e.g. {@code -Xmx96m}
 * @param entry      {@code -jar JAR} or {@code -cp CLASSPATH MAIN}
 */
public record JavaProgram(List<String> jvmOptions, List<String> entry) {
    /**
     * For the daemons a test starts: they serve a few hundred sockets at most, and C1 alone with a
     * small serial heap starts fastest on a busy machine.
     */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xms32m", "-Xmx256m");

    public JavaProgram {
        jvmOptions = List.copyOf(jvmOptions);
        entry = List.copyOf(entry);
    }

    /** {@code java OPTIONS -jar JAR}; fails at once when the build has not made the jar. */
    public static JavaProgram jar(Path jar, List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " does not exist: run the build's package phase first");
        }
        return new JavaProgram(jvmOptions, List.of("-jar", jar.toString()));
    }

    /** {@code java OPTIONS -cp <this JVM's class path> MAIN}: a program the caller's own class path holds. */
    public static JavaProgram mainClass(String className, List<String> jvmOptions) {
        return new JavaProgram(jvmOptions, List.of("-cp", System.getProperty("java.class.path"), className));
    }

    /** The whole command line with the program's {@code args}. */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(entry);
        command.addAll(args);
        return command;
    }

    /** Splits options written as one flag, e.g. {@code "-Xmx96m -XX:+UseSerialGC"}; blank means none. */
    public static List<String> options(String text) {
        List<String> options = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                options.add(part);
            }
        }
        return options;
    }
}
