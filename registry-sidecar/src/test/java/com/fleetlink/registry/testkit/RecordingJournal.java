package com.fleetlink.registry.testkit;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.registry.core.Journal;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records what the core and the janitor tell their journal, as searchable text: {@code word imei outcome detail}. */
public final class RecordingJournal implements Journal {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    /** Whether any line contains {@code text}. */
    public boolean has(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    /** The lines starting with {@code prefix}. */
    public List<String> startingWith(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    @Override
    public void received(LocalMessage message) {
    }

    @Override
    public void outcome(RedisOperation op, String imei, RedisOutcome outcome, String detail) {
        lines.add(op.word() + " " + imei + " " + outcome.word() + " " + Objects.toString(detail, ""));
    }

    @Override
    public void lifecycle(LifecycleEvent what, String detail) {
        lines.add(what.word() + " " + Objects.toString(detail, ""));
    }

    @Override
    public void started(String instanceId) {
    }
}
