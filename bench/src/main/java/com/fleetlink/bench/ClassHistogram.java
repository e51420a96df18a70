package com.fleetlink.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A live-object histogram ({@code jcmd <pid> GC.class_histogram}): of this JVM, taken through the
 * diagnostic-command MBean so no second process is needed, or parsed from a child's {@code jcmd}
 * output; and the difference between two of them: which classes a change in heap consists of.
 */
public final class ClassHistogram {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    /** Instances and shallow bytes of one class. */
    record Entry(String className, long instances, long bytes) {
    }

    private final Map<String, Entry> byClass;

    private ClassHistogram(Map<String, Entry> byClass) {
        this.byClass = byClass;
    }

    /** A histogram of live objects; the command runs a full collection first. */
    static ClassHistogram take() {
        String text;
        try {
            ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("this JVM offers no GC.class_histogram diagnostic command", e);
        }
        return parse(text);
    }

    /** Reads the text {@code GC.class_histogram} prints. */
    public static ClassHistogram parse(String text) {
        Map<String, Entry> byClass = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                // A class loaded by two loaders shows up twice; the sum is what the heap holds.
                byClass.merge(m.group(3), new Entry(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (a, b) -> new Entry(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        return new ClassHistogram(byClass);
    }

    /** Shallow bytes of every live object the histogram counted. */
    public long totalBytes() {
        return byClass.values().stream().mapToLong(Entry::bytes).sum();
    }

    /** What {@code later} holds beyond this histogram, largest byte growth first, at most {@code limit} rows. */
    List<Entry> growthTo(ClassHistogram later, int limit) {
        List<Entry> growth = new ArrayList<>();
        for (Entry after : later.byClass.values()) {
            Entry before = byClass.getOrDefault(after.className(), new Entry(after.className(), 0, 0));
            growth.add(new Entry(after.className(), after.instances() - before.instances(), after.bytes() - before.bytes()));
        }
        growth.sort(Comparator.comparingLong(Entry::bytes).reversed());
        return growth.subList(0, Math.min(limit, growth.size()));
    }
}
